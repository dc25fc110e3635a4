// Interface messages (zh-CN default, en), the choice of locale, the text
// fallback rules of docs/survey-format.md §2, and the translation of the
// engine's answer error codes (§9) into messages for respondents.
import { resolve as resolveText } from '../engine'
import type { AnswerError, Definition, Text, Validation } from './types'

export const zh = {
  loading: '加载中…',
  next: '下一页',
  back: '上一页',
  submit: '提交',
  submitting: '正在提交…',
  saving: '正在保存…',
  progress: '进度',
  required: '必答',
  notFound: '问卷不存在或尚未发布。',
  closed: '问卷已结束，感谢您的关注。',
  full: '名额已满，感谢您的参与。',
  failed: '出错了，请稍后重试。',
  network: '网络异常，请检查网络后重试。',
  rateLimited: '操作太频繁，请稍后再试。',
  retry: '重试',
  thanks: '感谢您的参与！',
  screenedOut: '感谢您的关注，本次调查暂不需要您继续作答。',
  fixErrors: '有 {n} 道题需要修改，请查看提示。',
  serverInvalid: '请检查此题的答案。',
  resumed: '已为您恢复上次的作答进度。',
  resumeExpired: '继续作答的链接已失效，请重新开始。',
  redirecting: '正在跳转…',
  continue: '继续',
  privacyTitle: '个人信息保护说明',
  privacyIntro: '参与本问卷前，请阅读以下说明。',
  collects: '收集的信息',
  purpose: '用途',
  retention: '保存期限',
  controller: '信息处理者',
  c_answers: '您的答案',
  c_device: '设备标识',
  c_ip: 'IP 地址',
  c_openid: '微信用户标识（openid）',
  c_contact: '联系人信息',
  accept: '同意并开始',
  decline: '不同意',
  declined: '您已选择不参与，我们不会保存任何答案。感谢您的关注。',
  choose: '请选择',
  other: '请注明',
  otherOf: '{label}：请注明',
  chars: '{n}/{max}',
  noAnswer: '尚未作答',
  sliderHint: '拖动滑块或使用方向键作答',
  value: '当前值：{v}',
  star: '{n} 星',
  smiley1: '非常不满意',
  smiley2: '不满意',
  smiley3: '一般',
  smiley4: '满意',
  smiley5: '非常满意',
  province: '省份',
  city: '城市',
  district: '区县',
  watched: '已观看 {p}%',
  watchAtLeast: '请至少观看 {p}% 后继续。',
  from: '开始',
  to: '结束',
  task: '第 {n} 组（共 {t} 组）',
  concept: '方案 {n}',
  none: '都不选',
  best: '最重要',
  worst: '最不重要',
  moveUp: '上移',
  moveDown: '下移',
  keepOrder: '保持此顺序',
  dragToRank: '按住拖动以排序',
  rankedAt: '“{label}”现在排第 {n} 位',
  rank: '第 {n} 位',
  hotspotHint: '点击图片上的区域或下方按钮选择',
  e_required: '此题为必答题。',
  e_required_item: '请回答“{item}”。',
  e_invalid: '答案格式不正确。',
  e_invalid_option: '所选选项已不可用，请重新选择。',
  e_too_few: '请至少选择 {min} 项。',
  e_too_many: '最多只能选择 {max} 项。',
  e_exclusive: '此选项不能与其他选项同时选择。',
  e_other_required: '请填写“其他”的具体内容。',
  e_too_short: '请至少输入 {min} 个字。',
  e_too_long: '最多只能输入 {max} 个字。',
  e_pattern: '格式不正确。',
  e_email: '请输入有效的电子邮箱。',
  e_phone: '请输入有效的电话号码。',
  e_not_integer: '请输入整数。',
  e_too_small: '不能小于 {min}。',
  e_too_large: '不能大于 {max}。',
  e_step: '请按步长 {step} 取值。',
  e_too_early: '不能早于 {min}。',
  e_too_late: '不能晚于 {max}。',
  e_range_order: '结束不能早于开始。',
  e_incomplete: '请完成此题的全部选择。',
  e_watch: '请至少观看 {p}% 的视频。',
  e_best_worst: '每组的“{best}”和“{worst}”须是两个不同的选项。',
  e_design_mismatch: '题目已更新，请刷新页面后重新作答。',
  e_custom: '答案不符合要求。',
}

export type Key = keyof typeof zh
export type Messages = Record<Key, string>

export const en: Messages = {
  loading: 'Loading…',
  next: 'Next',
  back: 'Back',
  submit: 'Submit',
  submitting: 'Submitting…',
  saving: 'Saving…',
  progress: 'Progress',
  required: 'required',
  notFound: 'This survey does not exist or is not open.',
  closed: 'This survey is closed. Thank you for your interest.',
  full: 'This survey is full. Thank you for taking part.',
  failed: 'Something went wrong. Please try again later.',
  network: 'Network problem. Please check your connection and try again.',
  rateLimited: 'Too many attempts. Please try again shortly.',
  retry: 'Try again',
  thanks: 'Thank you for taking part!',
  screenedOut: 'Thank you for your interest. We do not need further answers from you.',
  fixErrors: '{n} questions need your attention.',
  serverInvalid: 'Please check this answer.',
  resumed: 'Welcome back: your earlier answers are restored.',
  resumeExpired: 'The link to continue has expired. Please start again.',
  redirecting: 'Redirecting…',
  continue: 'Continue',
  privacyTitle: 'Privacy notice',
  privacyIntro: 'Please read this before you take part.',
  collects: 'What we collect',
  purpose: 'Purpose',
  retention: 'How long we keep it',
  controller: 'Who is responsible',
  c_answers: 'your answers',
  c_device: 'a device identifier',
  c_ip: 'your IP address',
  c_openid: 'your WeChat user id (openid)',
  c_contact: 'your contact details',
  accept: 'Accept and start',
  decline: 'Decline',
  declined: 'You chose not to take part; none of your answers are stored. Thank you.',
  choose: 'Choose…',
  other: 'Please specify',
  otherOf: '{label}: please specify',
  chars: '{n}/{max}',
  noAnswer: 'Not answered yet',
  sliderHint: 'Drag the slider or use the arrow keys',
  value: 'Value: {v}',
  star: '{n} stars',
  smiley1: 'Very dissatisfied',
  smiley2: 'Dissatisfied',
  smiley3: 'Neutral',
  smiley4: 'Satisfied',
  smiley5: 'Very satisfied',
  province: 'Province',
  city: 'City',
  district: 'District',
  watched: 'Watched {p}%',
  watchAtLeast: 'Please watch at least {p}% to continue.',
  from: 'From',
  to: 'To',
  task: 'Set {n} of {t}',
  concept: 'Option {n}',
  none: 'None of these',
  best: 'Most important',
  worst: 'Least important',
  moveUp: 'Move up',
  moveDown: 'Move down',
  keepOrder: 'Keep this order',
  dragToRank: 'Hold and drag to reorder',
  rankedAt: '“{label}” is now number {n}',
  rank: 'Number {n}',
  hotspotHint: 'Tap an area of the picture or a button below',
  e_required: 'This question is required.',
  e_required_item: 'Please answer “{item}”.',
  e_invalid: 'This answer is not valid.',
  e_invalid_option: 'That choice is no longer available; please choose again.',
  e_too_few: 'Please choose at least {min}.',
  e_too_many: 'Please choose at most {max}.',
  e_exclusive: 'This choice cannot be combined with others.',
  e_other_required: 'Please specify your “other” answer.',
  e_too_short: 'Please enter at least {min} characters.',
  e_too_long: 'Please enter at most {max} characters.',
  e_pattern: 'This is not in the expected format.',
  e_email: 'Please enter a valid email address.',
  e_phone: 'Please enter a valid phone number.',
  e_not_integer: 'Please enter a whole number.',
  e_too_small: 'The value must be at least {min}.',
  e_too_large: 'The value must be at most {max}.',
  e_step: 'Please use steps of {step}.',
  e_too_early: 'The date must not be before {min}.',
  e_too_late: 'The date must not be after {max}.',
  e_range_order: 'The end must not be before the start.',
  e_incomplete: 'Please complete every part of this answer.',
  e_watch: 'Please watch at least {p}% of the video.',
  e_best_worst: 'In each set, “{best}” and “{worst}” must be two different items.',
  e_design_mismatch: 'The survey has changed; please reload the page.',
  e_custom: 'This answer does not meet the requirements.',
}

/** The engine's answer error codes (docs/survey-format.md §9). */
export const ERROR_CODES = ['required', 'invalid', 'invalid_option', 'too_few', 'too_many', 'exclusive', 'other_required', 'too_short',
  'too_long', 'pattern', 'email', 'phone', 'not_integer', 'too_small', 'too_large', 'step', 'too_early', 'too_late', 'range_order',
  'incomplete', 'watch', 'best_worst', 'design_mismatch', 'custom'] as const

/** Fills {name} placeholders. */
export function fmt(s: string, vars: Record<string, string | number | undefined> = {}): string {
  return s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] != null ? String(vars[k]) : m))
}

const primary = (l: string) => l.split('-')[0].toLowerCase()

/** The survey's locales, the default first. */
export function surveyLocales(def: Definition): string[] {
  const d = def.default_locale || 'zh-CN'
  return [d, ...(def.locales || []).filter((l) => l !== d)]
}

/**
 * Picks the survey locale for a wanted language (the lang URL parameter,
 * else the browser's languages): an exact match, else the same primary
 * language, else the default locale.
 */
export function pickLocale(def: Definition, wanted: readonly string[]): string {
  const all = surveyLocales(def)
  for (const w of wanted) {
    const hit = all.find((l) => l.toLowerCase() === w.toLowerCase()) || all.find((l) => primary(l) === primary(w))
    if (hit) return hit
  }
  return all[0]
}

/** The interface language for a locale: English for en-*, Chinese otherwise. */
export function uiMessages(locale: string): Messages {
  return primary(locale) === 'en' ? en : zh
}

/** Resolves a text for a locale by the fallback rules of docs/survey-format.md §2 (the engine's rules). */
export function resolve(t: Text | undefined | null, locale: string, def: Definition): string {
  return t == null ? '' : resolveText(t, locale, def.default_locale || 'zh-CN', def.locales || [])
}

/** What to tell the respondent about an answer error. */
export function errorMessage(m: Messages, e: AnswerError, v: Validation | undefined, extra: { item?: string; watch?: number; best?: string; worst?: string; custom?: string; pattern?: string; step?: number } = {}): string {
  if (e.code === 'custom' && extra.custom) return extra.custom
  if (e.code === 'pattern' && extra.pattern) return extra.pattern
  if (e.code === 'required' && extra.item) return fmt(m.e_required_item, { item: extra.item })
  const key = `e_${e.code}` as Key
  const s = m[key] || m.e_invalid
  const lim: Record<string, unknown> = {
    too_few: v?.min_select, too_many: v?.max_select, too_short: v?.min_length, too_long: v?.max_length,
    too_small: v?.min, too_large: v?.max, too_early: v?.min_date, too_late: v?.max_date,
  }
  const n = lim[e.code] as string | number | undefined
  const out = fmt(s, { min: n, max: n, step: extra.step, p: extra.watch, best: extra.best || m.best, worst: extra.worst || m.worst })
  return /\{\w+\}/.test(out) ? m.e_incomplete : out
}

