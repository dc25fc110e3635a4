// Helpers of the respondent page's browser test (e2e/respondent.test.mjs)
// and of bench/h5: an admin API client, the survey that uses every question
// type, the 10-question survey of the page budget, small media made on the
// spot, and axe-core loaded from node_modules (never from a CDN).
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { REPO_ROOT, run } from './server.mjs'

/**
 * The server binary to test: $OPENCEM_BIN, else a fresh build of the
 * respondent page (so the binary embeds it) and of ./cmd/opencem.
 */
export async function respondentBinary(workDir) {
  if (process.env.OPENCEM_BIN) return resolve(process.env.OPENCEM_BIN)
  await run('npm', ['run', 'build', '-w', 'web/respondent'], { cwd: REPO_ROOT })
  const bin = join(workDir, 'opencem')
  await run('go', ['build', '-o', bin, './cmd/opencem'], { cwd: REPO_ROOT })
  return bin
}

/** Signs in through the API and returns a client that sends the session cookie and CSRF token. */
export async function adminClient(base, username, password) {
  const login = await fetch(new URL('/api/v1/auth/login', base), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  const body = await login.json()
  if (login.status !== 200 || body.data?.status !== 'ok') throw new Error(`admin login: ${login.status} ${JSON.stringify(body)}`)
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
  const csrf = body.data.csrf_token
  return async function api(method, path, payload) {
    const res = await fetch(new URL(path, base), {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, ...(payload === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    })
    const text = await res.text()
    const json = text ? JSON.parse(text) : null
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`)
    return json?.data ?? json
  }
}

/** Creates a survey, applies settings and publishes it; returns {id, code}. */
export async function publishSurvey(api, definition, settings) {
  const created = await api('POST', '/api/v1/surveys', { definition })
  if (created.check?.errors?.length) throw new Error(`definition errors: ${JSON.stringify(created.check.errors)}`)
  if (settings) await api('PATCH', `/api/v1/surveys/${created.id}/settings`, settings)
  await api('POST', `/api/v1/surveys/${created.id}/publish`, { note: 'e2e' })
  return { id: created.id, code: created.code }
}

const svg = (body, w = 300, h = 200) =>
  `data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${body}</svg>`)}`

export const SHELF = svg('<rect width="300" height="200" fill="#eef"/><rect x="15" y="20" width="120" height="160" fill="#9cf"/><circle cx="225" cy="100" r="50" fill="#fc9"/>')
const PIC_A = svg('<rect width="160" height="120" fill="#cde"/><text x="20" y="70" font-size="30">A</text>', 160, 120)
const PIC_B = svg('<rect width="160" height="120" fill="#edc"/><text x="20" y="70" font-size="30">B</text>', 160, 120)

/** The path the test serves a short sound clip at (the video question plays it). */
export const CLIP_PATH = '/media/e2e-clip.wav'

/**
 * A survey with every question type of docs/survey-format.md §4, a jump
 * (choosing 购物 skips the after-sales page), display logic (the ambience
 * question only when 环境 is liked), piping (the recap and the ending) and an
 * option source (the ranking carries the liked aspects).
 */
export const ALL_TYPES = {
  format_version: 1,
  default_locale: 'zh-CN',
  locales: ['zh-CN', 'en'],
  title: { 'zh-CN': '门店体验调查', en: 'Store experience' },
  params: [{ id: 'store' }, { id: 'ch' }],
  pages: [
    { id: 'p1', title: { 'zh-CN': '基本情况', en: 'About your visit' }, jumps: [{ if: "{purpose} = 'A'", to: 'page', target: 'p3' }], questions: [
      { id: 'purpose', type: 'single', required: true, title: { 'zh-CN': '您本次到店的目的？', en: 'Why did you visit?' },
        options: [
          { code: 'A', label: { 'zh-CN': '购物', en: 'Shopping' }, image: PIC_A },
          { code: 'B', label: { 'zh-CN': '售后', en: 'After-sales' }, image: PIC_B },
        ] },
      { id: 'likes', type: 'multiple', required: true, title: { 'zh-CN': '您喜欢本店的哪些方面？', en: 'What do you like?' },
        options: [
          { code: 'A', label: { 'zh-CN': '价格', en: 'Prices' } }, { code: 'B', label: { 'zh-CN': '服务', en: 'Service' } },
          { code: 'C', label: { 'zh-CN': '环境', en: 'Ambience' } }, { code: 'O', label: { 'zh-CN': '其他', en: 'Other' }, other: true },
          { code: 'N', label: { 'zh-CN': '都不喜欢', en: 'Nothing' }, exclusive: true },
        ] },
      { id: 'ambience', type: 'text', display: "{likes} anyof ['C']", title: { 'zh-CN': '环境哪里让您满意？', en: 'What about the ambience?' } },
    ] },
    { id: 'p2', title: { 'zh-CN': '售后服务', en: 'After-sales' }, questions: [
      { id: 'aftersales', type: 'text', input: 'multiline', required: true, title: '请描述售后问题' },
    ] },
    { id: 'p3', title: { 'zh-CN': '关于您', en: 'About you' }, questions: [
      { id: 'recap', type: 'description', title: { 'zh-CN': '您喜欢：{likes.text}', en: 'You like: {likes.text}' } },
      { id: 'rank', type: 'ranking', required: true, title: { 'zh-CN': '请按重要性排序', en: 'Rank them' }, options_from: { question: 'likes', mode: 'selected' } },
      { id: 'nick', type: 'text', required: true, title: { 'zh-CN': '您的昵称', en: 'Your nickname' }, placeholder: { 'zh-CN': '例如：小李', en: 'e.g. Lee' }, validation: { max_length: 20 } },
      { id: 'comment', type: 'text', input: 'multiline', title: { 'zh-CN': '其他意见', en: 'Comments' } },
      { id: 'visits', type: 'text', input: 'number', title: { 'zh-CN': '本月到店次数', en: 'Visits this month' }, validation: { min: 0, max: 100, integer: true } },
      { id: 'email', type: 'text', input: 'email', title: { 'zh-CN': '电子邮箱', en: 'Email' } },
      { id: 'phone', type: 'text', input: 'phone', title: { 'zh-CN': '手机号码', en: 'Phone' } },
      { id: 'me', type: 'blanks', title: { 'zh-CN': '我叫[[name]]，今年[[age]]岁。', en: 'My name is [[name]], I am [[age]].' },
        blanks: [{ id: 'name', label: { 'zh-CN': '姓名', en: 'Name' } }, { id: 'age', input: 'number', label: { 'zh-CN': '年龄', en: 'Age' }, validation: { min: 1, max: 120 } }] },
    ] },
    { id: 'p4', title: { 'zh-CN': '评分', en: 'Ratings' }, questions: [
      { id: 'stars', type: 'rating', scale: 'star', required: true, title: { 'zh-CN': '总体满意度', en: 'Overall satisfaction' } },
      { id: 'mood', type: 'rating', scale: 'smiley', title: { 'zh-CN': '心情', en: 'Mood' }, na: { code: 'na', label: { 'zh-CN': '不适用', en: 'N/A' } } },
      { id: 'nps', type: 'rating', scale: 'nps', required: true, title: { 'zh-CN': '您向朋友推荐本店的可能性有多大？', en: 'How likely are you to recommend us?' },
        min_label: { 'zh-CN': '不可能', en: 'Not at all' }, max_label: { 'zh-CN': '非常可能', en: 'Extremely' } },
      { id: 'effort', type: 'rating', points: 7, title: { 'zh-CN': '办事是否省力', en: 'Effort' }, min_label: '1', max_label: '7' },
      { id: 'price', type: 'slider', min: 0, max: 10, step: 1, title: { 'zh-CN': '价格打分', en: 'Price score' }, min_label: { 'zh-CN': '贵', en: 'Dear' }, max_label: { 'zh-CN': '便宜', en: 'Cheap' } },
    ] },
    { id: 'p5', title: { 'zh-CN': '细项评价', en: 'Details' }, questions: [
      { id: 'grid', type: 'matrix', required: true, title: { 'zh-CN': '请评价', en: 'Rate' },
        rows: [{ id: 'r1', label: { 'zh-CN': '环境', en: 'Ambience' } }, { id: 'r2', label: { 'zh-CN': '服务', en: 'Service' } }],
        columns: [{ code: 'g', label: { 'zh-CN': '好', en: 'Good' } }, { code: 'm', label: { 'zh-CN': '一般', en: 'OK' } }, { code: 'b', label: { 'zh-CN': '差', en: 'Bad' } }] },
      { id: 'gridm', type: 'matrix', matrix: 'multiple', title: { 'zh-CN': '各时段您去过哪些区域？', en: 'Areas by time' },
        rows: [{ id: 'am', label: { 'zh-CN': '上午', en: 'Morning' } }, { id: 'pm', label: { 'zh-CN': '下午', en: 'Afternoon' } }],
        columns: [{ code: 'f', label: { 'zh-CN': '食品', en: 'Food' } }, { code: 'h', label: { 'zh-CN': '家居', en: 'Home' } }] },
      { id: 'gridr', type: 'matrix', matrix: 'rating', points: 5, title: { 'zh-CN': '打分', en: 'Scores' },
        rows: [{ id: 'clean', label: { 'zh-CN': '整洁', en: 'Clean' } }, { id: 'quiet', label: { 'zh-CN': '安静', en: 'Quiet' } }] },
      { id: 'gridd', type: 'matrix', matrix: 'dropdown', title: { 'zh-CN': '各店员表现', en: 'Staff' },
        rows: [{ id: 'li', label: '小李' }, { id: 'wang', label: '小王' }],
        columns: [{ code: 'speed', label: { 'zh-CN': '速度', en: 'Speed' } }, { code: 'manner', label: { 'zh-CN': '态度', en: 'Manner' } }],
        options: [{ code: 'x', label: { 'zh-CN': '优', en: 'Great' } }, { code: 'y', label: { 'zh-CN': '良', en: 'Fine' } }] },
    ] },
    { id: 'p6', title: { 'zh-CN': '地区与偏好', en: 'Region and preferences' }, questions: [
      { id: 'city', type: 'city', required: true, title: { 'zh-CN': '您所在的地区', en: 'Where do you live?' } },
      { id: 'car', type: 'dropdown', title: { 'zh-CN': '您的车型', en: 'Your car' },
        levels: [{ id: 'brand', label: { 'zh-CN': '品牌', en: 'Brand' } }, { id: 'model', label: { 'zh-CN': '型号', en: 'Model' } }],
        options: [{ code: 'toyota', label: '丰田', children: [{ code: 'camry', label: '凯美瑞' }, { code: 'corolla', label: '卡罗拉' }] },
          { code: 'byd', label: '比亚迪', children: [{ code: 'han', label: '汉' }] }] },
      { id: 'channel', type: 'dropdown', title: { 'zh-CN': '您从哪里知道本店？', en: 'How did you hear of us?' },
        options: [{ code: 'friend', label: { 'zh-CN': '朋友', en: 'A friend' } }, { code: 'ad', label: { 'zh-CN': '广告', en: 'An ad' } }] },
      { id: 'shelf', type: 'hotspot', image: SHELF, multiple: true, required: true, title: { 'zh-CN': '您注意到了哪些货架？', en: 'Which shelves did you notice?' },
        options: [{ code: 'left', label: { 'zh-CN': '左侧货架', en: 'Left shelf' }, region: { shape: 'rect', coords: [0.05, 0.1, 0.4, 0.8] } },
          { code: 'right', label: { 'zh-CN': '右侧展台', en: 'Right stand' }, region: { shape: 'circle', coords: [0.75, 0.5, 0.17] } }] },
    ] },
    { id: 'p7', title: { 'zh-CN': '视频与日期', en: 'Video and dates' }, questions: [
      { id: 'ad', type: 'video', video: CLIP_PATH, min_watch_percent: 50, title: { 'zh-CN': '请观看广告片', en: 'Please watch the ad' } },
      { id: 'day', type: 'date', required: true, title: { 'zh-CN': '到店日期', en: 'Date of visit' }, validation: { min_date: '2024-01-01' } },
      { id: 'at', type: 'date', date_mode: 'time', title: { 'zh-CN': '到店时间', en: 'Time of visit' } },
      { id: 'stay', type: 'date', range: true, title: { 'zh-CN': '活动参与期间', en: 'Campaign period' } },
    ] },
    { id: 'p8', title: { 'zh-CN': '选择偏好', en: 'Choices' }, questions: [
      { id: 'pick', type: 'cbc', concepts: 2, tasks: 2, required: true, none_label: { 'zh-CN': '都不选', en: 'Neither' }, title: { 'zh-CN': '您会选择哪个套餐？', en: 'Which bundle?' },
        attributes: [
          { id: 'price', label: { 'zh-CN': '价格', en: 'Price' }, levels: [{ id: 'lo', label: '¥99' }, { id: 'hi', label: '¥199' }] },
          { id: 'gift', label: { 'zh-CN': '赠品', en: 'Gift' }, levels: [{ id: 'cup', label: { 'zh-CN': '水杯', en: 'Cup' } }, { id: 'bag', label: { 'zh-CN': '购物袋', en: 'Bag' } }] },
        ] },
      { id: 'md', type: 'maxdiff', items_per_task: 3, tasks: 2, required: true, title: { 'zh-CN': '哪项最重要、哪项最不重要？', en: 'Most and least important?' },
        options: [{ code: 'a', label: { 'zh-CN': '价格', en: 'Price' } }, { code: 'b', label: { 'zh-CN': '质量', en: 'Quality' } },
          { code: 'c', label: { 'zh-CN': '服务', en: 'Service' } }, { code: 'd', label: { 'zh-CN': '位置', en: 'Location' } }] },
    ] },
  ],
  endings: [{ id: 'thanks', text: { 'zh-CN': '<p>谢谢{nick}！您的意见对我们很重要。</p>', en: '<p>Thank you, {nick}!</p>' } }],
}

export const ALL_TYPES_SETTINGS = {
  privacy: { collects: ['answers', 'device'], purpose: { 'zh-CN': '改进门店服务', en: 'To improve our stores' },
    retention: { 'zh-CN': '一年', en: 'One year' }, controller: { 'zh-CN': '示例零售有限公司', en: 'Example Retail Ltd' } },
  resume: { enabled: true, expiry_days: 7 },
  mode: 'paged',
  theme: { color: '#0b6e4f' },
  validity: { min_seconds: 1, require_token: true },
}

/** A ten-question survey on two pages (the page-weight budget of issue #5). */
export const TEN_QUESTIONS = {
  format_version: 1,
  title: '门店满意度（十题）',
  pages: [
    { id: 'p1', questions: [
      { id: 'q1', type: 'rating', scale: 'nps', required: true, title: '您向朋友推荐本店的可能性有多大？' },
      { id: 'q2', type: 'single', title: '到店目的', options: [{ code: 'a', label: '购物' }, { code: 'b', label: '售后' }, { code: 'o', label: '其他', other: true }] },
      { id: 'q3', type: 'multiple', title: '喜欢的方面', options: [{ code: 'a', label: '价格' }, { code: 'b', label: '服务' }, { code: 'c', label: '环境' }] },
      { id: 'q4', type: 'rating', scale: 'star', title: '总体满意度' },
      { id: 'q5', type: 'matrix', title: '细项', rows: [{ id: 'r1', label: '环境' }, { id: 'r2', label: '服务' }], columns: [{ code: 'g', label: '好' }, { code: 'b', label: '差' }] },
    ] },
    { id: 'p2', questions: [
      { id: 'q6', type: 'text', title: '您的昵称' },
      { id: 'q7', type: 'text', input: 'multiline', title: '改进建议：您给了 {q1} 分' },
      { id: 'q8', type: 'dropdown', title: '渠道', options: [{ code: 'a', label: '朋友' }, { code: 'b', label: '广告' }] },
      { id: 'q9', type: 'date', title: '到店日期' },
      { id: 'q10', type: 'slider', title: '价格', min: 0, max: 10 },
    ] },
  ],
}

/**
 * Typed hidden fields that prefill answers (issue #5 item 3): ?store= fills
 * the shop text, ?score= (a number) the NPS, ?visits= a number question
 * that refuses negatives; plus a ranking to reorder by dragging.
 */
export const PREFILL_RANK = {
  format_version: 1,
  title: { 'zh-CN': '到店回访', en: 'Visit follow-up' },
  params: [{ id: 'store', prefill: 'shop' }, { id: 'score', type: 'number', prefill: 'nps' }, { id: 'visits', type: 'number', prefill: 'times' }],
  pages: [{ id: 'p1', questions: [
    { id: 'shop', type: 'text', required: true, title: '门店编号' },
    { id: 'nps', type: 'rating', scale: 'nps', required: true, title: '您向朋友推荐本店的可能性有多大？' },
    { id: 'times', type: 'text', input: 'number', title: '本月到店次数', validation: { min: 0 } },
    { id: 'rank', type: 'ranking', required: true, title: '请按重要性排序',
      options: [{ code: 'a', label: '价格' }, { code: 'b', label: '服务' }, { code: 'c', label: '环境' }, { code: 'd', label: '位置' }] },
  ] }],
}

/** A small survey for the designer's preview frame (e2e/preview.test.mjs): display logic, a jump, piping, an ending. */
export const PREVIEW_SURVEY = {
  format_version: 1,
  default_locale: 'zh-CN',
  locales: ['zh-CN', 'en'],
  title: { 'zh-CN': '预览测试', en: 'Preview test' },
  pages: [
    { id: 'p1', title: '第一页', questions: [
      { id: 'q1', type: 'single', required: true, title: { 'zh-CN': '您常来吗？', en: 'Do you come often?' },
        options: [{ code: 'A', label: { 'zh-CN': '常来', en: 'Often' } }, { code: 'B', label: { 'zh-CN': '很少', en: 'Rarely' }, jump: { to: 'page', target: 'p3' } }] },
      { id: 'q2', type: 'text', display: "{q1} = 'A'", title: { 'zh-CN': '常来的原因？', en: 'Why?' } },
    ] },
    { id: 'p2', title: '第二页', questions: [{ id: 'q3', type: 'city', title: '您所在的地区' }] },
    { id: 'p3', title: '第三页', questions: [{ id: 'q4', type: 'text', title: { 'zh-CN': '您选了：{q1.text}', en: 'You chose: {q1.text}' } }] },
  ],
  endings: [{ id: 'bye', text: '<p>预览结束语</p>' }],
}

/** A mono 8-bit WAV of `seconds` (quiet tone): a media file with an exact duration, made without any tool. */
export function wavClip(seconds = 2, rate = 8000) {
  const n = seconds * rate
  const b = Buffer.alloc(44 + n)
  b.write('RIFF', 0)
  b.writeUInt32LE(36 + n, 4)
  b.write('WAVEfmt ', 8)
  b.writeUInt32LE(16, 16)
  b.writeUInt16LE(1, 20)
  b.writeUInt16LE(1, 22)
  b.writeUInt32LE(rate, 24)
  b.writeUInt32LE(rate, 28)
  b.writeUInt16LE(1, 32)
  b.writeUInt16LE(8, 34)
  b.write('data', 36)
  b.writeUInt32LE(n, 40)
  for (let i = 0; i < n; i++) b[44 + i] = 128 + Math.round(8 * Math.sin((2 * Math.PI * 440 * i) / rate))
  return b
}

/** The WeChat in-app browser on Android (X5/XWeb), as WeChat 8 reports itself. */
export const WECHAT_UA =
  'Mozilla/5.0 (Linux; Android 12; V2118A Build/SP1A.210812.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 ' +
  'Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5023 MMWEBSDK/20230303 MMWEBID/6170 MicroMessenger/8.0.34.2340(0x2800225D) ' +
  'WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64'

/** Runs axe-core (from node_modules) on the page; returns the serious and critical violations. */
export async function axeViolations(page) {
  const src = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
  // evaluate runs outside the page's CSP, which forbids injected script tags.
  await page.evaluate(src)
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }))
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}
