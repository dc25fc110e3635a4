import { ElMessage, ElMessageBox } from 'element-plus'
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { closeSurvey, deleteSurvey, duplicateSurvey, reopenSurvey } from '../api/surveys'
import type { SurveyOut } from '../api/surveyTypes'
import { useErrorMessage } from './useErrorMessage'

type Target = Pick<SurveyOut, 'id' | 'title'>

/**
 * The row actions of a survey (duplicate, close, reopen, delete), shared by
 * the list and the detail page: confirmation where an action is hard to
 * undo, the server's error in words otherwise. Each resolves to the
 * survey the server returned (null when nothing happened).
 */
export function useSurveyActions() {
  const { t } = useI18n()
  const errorMessage = useErrorMessage()
  /** Id of the survey an action is running for. */
  const busy = ref('')

  async function confirm(message: string, title: string, button: string): Promise<boolean> {
    try {
      await ElMessageBox.confirm(message, title, {
        type: 'warning',
        confirmButtonText: button,
        cancelButtonText: t('common.cancel'),
      })
      return true
    } catch {
      return false
    }
  }

  async function run<T>(survey: Target, action: () => Promise<T>, done: string): Promise<T | null> {
    busy.value = survey.id
    try {
      const result = await action()
      ElMessage.success(done)
      return result
    } catch (error) {
      ElMessage.error(errorMessage(error))
      return null
    } finally {
      busy.value = ''
    }
  }

  const duplicate = (survey: Target) =>
    run(survey, () => duplicateSurvey(survey.id), t('surveys.duplicated', { title: survey.title }))

  async function close(survey: Target): Promise<SurveyOut | null> {
    if (!(await confirm(t('surveys.closeConfirm', { title: survey.title }), t('surveys.close'), t('surveys.close')))) return null
    return run(survey, () => closeSurvey(survey.id), t('surveys.closed', { title: survey.title }))
  }

  const reopen = (survey: Target) => run(survey, () => reopenSurvey(survey.id), t('surveys.reopened', { title: survey.title }))

  async function remove(survey: Target): Promise<boolean> {
    if (!(await confirm(t('surveys.deleteConfirm', { title: survey.title }), t('common.delete'), t('common.delete')))) return false
    return (await run(survey, () => deleteSurvey(survey.id).then(() => true), t('surveys.deleted', { title: survey.title }))) ?? false
  }

  return { busy, duplicate, close, reopen, remove }
}
