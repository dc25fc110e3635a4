// Plain-language labels for rules ("当 q1 选择了「非常满意」" / "When q1 is
// 'Very satisfied'"): conditions the builder can read are told in words,
// others are shown as written.
import type { SurveyDefinition } from '../../../api/surveyTypes'
import { arity, kindsAt, toBuilder, type Row } from './builder'
import { endingsOf, plain, textOf, type JumpTarget, type Place, type Subject } from './model'

/** The translate function of vue-i18n, as the components pass it. */
export type Translate = (key: string, named?: Record<string, unknown>) => string

/** How a subject is named: q1, q5 › Row label, parameter ch, variable score. */
export function subjectLabel(s: Pick<Subject, 'key' | 'item'>, t: Translate, locale: string, def?: SurveyDefinition): string {
  if (s.key.startsWith('$param.')) return t('designerLogic.param', { id: s.key.slice(7) })
  if (s.key.startsWith('$var.')) return t('designerLogic.variable', { id: s.key.slice(5) })
  const q = s.key.split('.')[0]
  return s.item !== undefined ? `${q} › ${plain(textOf(s.item, locale, def))}` : q
}

/** The label of a value: an option's label for codes, else the value. */
export function valueLabel(s: Subject | undefined, v: string | number, locale: string, def?: SurveyDefinition): string {
  const c = s?.choices.find((x) => x.code === String(v))
  return c ? plain(textOf(c.label, locale, def)) || c.code : String(v)
}

/** One row in words. */
export function describeRow(row: Row, s: Subject | undefined, t: Translate, locale: string, def?: SurveyDefinition): string {
  const q = s ? subjectLabel(s, t, locale, def) : row.key
  const label = (v: string | number) => valueLabel(s, v, locale, def)
  const n = arity(row.op)
  const v = n === 'list' ? row.values.map(label).join(t('designerLogic.listSep')) : row.values.length ? label(row.values[0]) : ''
  const plural = s?.kind === 'choiceN' && (row.op === 'chosen' || row.op === 'notChosen') ? 'N' : ''
  return t(`designerLogic.say.${row.op}${plural}`, { q, v, a: row.values[0] ?? '', b: row.values[1] ?? '' })
}

/**
 * A condition in words, without "when"; the expression itself when the
 * builder cannot read it; t('designerLogic.always') when there is none.
 */
export function describeCondition(src: string | undefined, def: SurveyDefinition, place: Place, t: Translate, locale: string): string {
  if (!src?.trim()) return t('designerLogic.always')
  const kinds = kindsAt(def, place)
  const b = toBuilder(src, kinds)
  if (!b) return src
  const inner = b.join === 'and' ? 'or' : 'and'
  const groups = b.groups.map((g) => g.map((r) => describeRow(r, kinds.get(r.key), t, locale, def)).join(` ${t(`designerLogic.join.${inner}`)} `))
  return groups.map((g, i) => (b.groups[i].length > 1 && groups.length > 1 ? `(${g})` : g)).join(` ${t(`designerLogic.join.${b.join}`)} `)
}

/** Where a jump goes, in words. */
export function describeTarget(j: JumpTarget | undefined, def: SurveyDefinition, t: Translate): string {
  if (!j) return t('designerLogic.target.none')
  if (j.to === 'page') return t('designerLogic.target.page', { id: j.target ?? '' })
  if (j.to === 'question') return t('designerLogic.target.question', { id: j.target ?? '' })
  const ending = endingsOf(def).find((e) => e.id === j.target)
  if (j.to === 'end') return ending ? t('designerLogic.target.endWith', { id: ending.id }) : t('designerLogic.target.end')
  return ending ? t('designerLogic.target.screenOutWith', { id: ending.id }) : t('designerLogic.target.screenOut')
}
