// A survey with every kind of subject the logic components handle; shared by their tests.
import type { SurveyDefinition } from '../../../api/surveyTypes'

export const SAT = { 'zh-CN': '非常满意', en: 'Very satisfied' }

export function fixture(): SurveyDefinition {
  return {
    format_version: 1,
    default_locale: 'zh-CN',
    locales: ['zh-CN', 'en'],
    params: [{ id: 'ch', values: ['wx', 'sms'] }, { id: 'store' }, { id: 'age', type: 'number' }],
    variables: [{ id: 'score', type: 'number' }, { id: 'seg', type: 'string' }],
    assign: [{ target: '$var.score', value: '0' }],
    pages: [
      {
        id: 'p1',
        questions: [
          { id: 'sat', type: 'single', title: { 'zh-CN': '总体满意度', en: 'Overall satisfaction' }, options: [{ code: 'A', label: SAT }, { code: 'B', label: { 'zh-CN': '一般', en: 'So-so' } }] },
          { id: 'like', type: 'multiple', title: '喜欢什么', options: [{ code: 'price', label: '价格' }, { code: 'svc', label: '服务' }, { code: 'o', label: '其他', other: true }] },
          { id: 'nps', type: 'rating', scale: 'nps', title: '推荐度', jumps: [{ if: '{nps} <= 6', to: 'page', target: 'p3' }] },
        ],
      },
      {
        id: 'p2',
        display: "{sat} = 'A'",
        questions: [
          { id: 'why', type: 'text', title: '为什么', display: 'notEmpty({like})' },
          { id: 'born', type: 'date', title: '生日' },
          { id: 'grid', type: 'matrix', title: '评价', rows: [{ id: 'r1', label: '速度' }, { id: 'r2', label: '价格' }], columns: [{ code: 'g', label: '好' }, { code: 'b', label: '差' }] },
          { id: 'where', type: 'city', city_level: 'city', title: '城市' },
          { id: 'info', type: 'description', title: '说明' },
          { id: 'pick', type: 'multiple', title: '再选', options_from: { question: 'like', mode: 'selected' }, options: [{ code: 'none', label: '都不', exclusive: true, display: "{sat} = 'B'", jump: { to: 'end' } }] },
        ],
      },
      { id: 'p3', questions: [{ id: 'fix', type: 'text', input: 'number', title: '几分', assign: [{ if: '{fix} > 3', target: '$var.seg', value: "'hi'" }] }] },
    ],
    endings: [{ id: 'thanks', text: '谢谢' }, { id: 'out', kind: 'screen_out', text: '再见' }],
  } as SurveyDefinition
}
