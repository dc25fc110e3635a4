// en messages of the survey designer (designerLogic). Keys must match the other locale exactly.
export default {
  designerLogic: {},
}
