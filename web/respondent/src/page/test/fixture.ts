// A definition with one question of every type, for the page's unit tests.
import type { Definition } from '../types'

export const SEED = 'rTESTSEED0123456789abcd'

export const DEF = {
  format_version: 1,
  default_locale: 'zh-CN',
  locales: ['en'],
  title: '全题型',
  pages: [
    { id: 'p1', questions: [
      { id: 'single', type: 'single', title: '单选', options: [{ code: 'A', label: '甲' }, { code: 'O', label: '其他', other: true }] },
      { id: 'multi', type: 'multiple', title: '多选', options: [{ code: 'A', label: '甲' }, { code: 'B', label: '乙' }, { code: 'O', label: '其他', other: true }, { code: 'N', label: '都不是', exclusive: true }] },
      { id: 'line', type: 'text', title: '单行' },
      { id: 'multiline', type: 'text', input: 'multiline', title: '多行' },
      { id: 'num', type: 'text', input: 'number', title: '数字', validation: { integer: true } },
      { id: 'email', type: 'text', input: 'email', title: '邮箱' },
      { id: 'phone', type: 'text', input: 'phone', title: '电话' },
      { id: 'blanks', type: 'blanks', title: '我叫[[name]]，今年[[age]]岁', blanks: [{ id: 'name', label: '姓名' }, { id: 'age', input: 'number', label: '年龄' }] },
      { id: 'stars', type: 'rating', scale: 'star', points: 5, title: '星级' },
      { id: 'nps', type: 'rating', scale: 'nps', title: '推荐', na: { code: 'na', label: '不适用' } },
      { id: 'smile', type: 'rating', scale: 'smiley', points: 3, start: 0, title: '表情' },
      { id: 'slider', type: 'slider', min: 0, max: 10, step: 0.5, title: '滑块' },
    ] },
    { id: 'p2', questions: [
      { id: 'grid', type: 'matrix', title: '矩阵', rows: [{ id: 'r1', label: '环境' }, { id: 'r2', label: '服务' }], columns: [{ code: 'g', label: '好' }, { code: 'b', label: '差' }] },
      { id: 'gridm', type: 'matrix', matrix: 'multiple', title: '多选矩阵', rows: [{ id: 'r1', label: '甲' }], columns: [{ code: 'x', label: 'X' }, { code: 'y', label: 'Y' }, { code: 'z', label: '无', exclusive: true }] },
      { id: 'gridr', type: 'matrix', matrix: 'rating', points: 5, title: '评分矩阵', rows: [{ id: 'r1', label: '甲' }, { id: 'r2', label: '乙' }], na: { code: 'na', label: '不适用' } },
      { id: 'gridd', type: 'matrix', matrix: 'dropdown', title: '下拉矩阵', rows: [{ id: 'r1', label: '甲' }], columns: [{ code: 'c1', label: '速度' }, { code: 'c2', label: '态度' }], options: [{ code: 'x', label: '优' }, { code: 'y', label: '良' }] },
      { id: 'drop', type: 'dropdown', title: '下拉', options: [{ code: 'a', label: '甲' }, { code: 'o', label: '其他', other: true }] },
      { id: 'casc', type: 'dropdown', title: '级联', levels: [{ id: 'brand', label: '品牌' }, { id: 'model', label: '型号' }],
        options: [{ code: 'toyota', label: '丰田', children: [{ code: 'camry', label: '凯美瑞' }] }] },
      { id: 'spot', type: 'hotspot', image: '/img.png', title: '热点', options: [{ code: 'l', label: '左', region: { shape: 'rect', coords: [0, 0, 0.5, 1] } }, { code: 'r', label: '右', region: { shape: 'polygon', coords: [0.5, 0, 1, 0, 1, 1] } }] },
      { id: 'spotm', type: 'hotspot', image: '/img.png', multiple: true, title: '多热点', options: [{ code: 'l', label: '左', region: { shape: 'circle', coords: [0.25, 0.5, 0.2] } }, { code: 'r', label: '右', region: { shape: 'rect', coords: [0.5, 0, 0.5, 1] } }] },
      { id: 'video', type: 'video', video: '/v.mp4', title: '视频', min_watch_percent: 50 },
      { id: 'date', type: 'date', title: '日期' },
      { id: 'time', type: 'date', date_mode: 'time', title: '时间' },
      { id: 'dt', type: 'date', date_mode: 'datetime', title: '日期时间' },
      { id: 'span', type: 'date', range: true, title: '期间' },
      { id: 'cbc', type: 'cbc', concepts: 2, tasks: 2, none_label: '都不选', title: '联合分析',
        attributes: [{ id: 'price', label: '价格', levels: [{ id: 'lo', label: '低' }, { id: 'hi', label: '高' }] }, { id: 'size', label: '尺寸', levels: [{ id: 's', label: '小' }, { id: 'l', label: '大' }] }] },
      { id: 'md', type: 'maxdiff', items_per_task: 3, tasks: 2, title: '最大差异', options: [{ code: 'a', label: '甲' }, { code: 'b', label: '乙' }, { code: 'c', label: '丙' }, { code: 'd', label: '丁' }] },
      { id: 'rank', type: 'ranking', title: '排序', options: [{ code: 'a', label: '甲' }, { code: 'b', label: '乙' }, { code: 'c', label: '丙' }] },
      { id: 'desc', type: 'description', title: '说明' },
    ] },
  ],
} as unknown as Definition
