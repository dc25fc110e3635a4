import { ElMessage } from 'element-plus'
import { useI18n } from 'vue-i18n'

/** Copies text; falls back to a hidden text area where the Clipboard API is missing (plain HTTP). */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text)
      return true
    }
  } catch {
    // Permission refused: try the fallback.
  }
  const area = document.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.style.position = 'fixed'
  area.style.opacity = '0'
  document.body.appendChild(area)
  area.select()
  let ok = false
  try {
    ok = document.execCommand('copy')
  } catch {
    ok = false
  }
  area.remove()
  return ok
}

/** copyText with a confirmation (or a hint to copy by hand) in the current language. */
export function useClipboard() {
  const { t } = useI18n()
  return async function copy(text: string): Promise<void> {
    if (await copyText(text)) ElMessage.success(t('common.copied'))
    else ElMessage.warning(t('common.copyFailed'))
  }
}
