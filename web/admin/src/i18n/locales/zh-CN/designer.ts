// zh-CN messages of the survey designer (designer). Keys must match the other locale exactly.
export default {
  designer: {},
}
