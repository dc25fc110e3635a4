import { onBeforeUnmount, onMounted, ref } from 'vue'
import { openAlarmCount } from '../api/audit'

/** How often the top bar asks for the open count; acknowledging refreshes it at once. */
export const ALARM_POLL_MS = 60_000

// One count per tab, shared by the bell and the alarms page.
const open = ref(0)

async function refreshAlarmCount(): Promise<void> {
  try {
    open.value = await openAlarmCount()
  } catch {
    // The badge is a hint; a failed refresh keeps the last count.
  }
}

/** The number of open security alarms (GET /alarms/summary). */
export function useAlarmSummary(options: { poll?: boolean } = {}) {
  let timer: ReturnType<typeof setInterval> | undefined
  if (options.poll) {
    onMounted(() => {
      void refreshAlarmCount()
      timer = setInterval(() => void refreshAlarmCount(), ALARM_POLL_MS)
    })
    onBeforeUnmount(() => clearInterval(timer))
  }
  return { open, refresh: refreshAlarmCount }
}
