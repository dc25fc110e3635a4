// zh-CN messages of the survey designer (designerTools). Keys must match the other locale exactly.
export default {
  designerTools: {},
}
