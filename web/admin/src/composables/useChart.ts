import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, TooltipComponent } from 'echarts/components'
import { init, use, type ComposeOption, type ECharts } from 'echarts/core'
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts'
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'
import { onBeforeUnmount, onMounted, shallowRef, watch, type Ref } from 'vue'

// Register only what the app draws, so the bundle carries no unused chart types.
use([LineChart, BarChart, GridComponent, TooltipComponent, CanvasRenderer])

export type ChartOption = ComposeOption<
  LineSeriesOption | BarSeriesOption | GridComponentOption | TooltipComponentOption
>

/** Draws an ECharts option into an element, redrawing when the option changes and resizing with the element. */
export function useChart(element: Ref<HTMLElement | null>, option: Ref<ChartOption>) {
  const chart = shallowRef<ECharts | null>(null)
  let observer: ResizeObserver | null = null

  onMounted(() => {
    if (!element.value) return
    chart.value = init(element.value)
    chart.value.setOption(withMotion(option.value))
    if (typeof ResizeObserver !== 'undefined') {
      observer = new ResizeObserver(() => chart.value?.resize())
      observer.observe(element.value)
    }
  })

  watch(option, (next) => chart.value?.setOption(withMotion(next), { notMerge: true }), { deep: true })

  onBeforeUnmount(() => {
    observer?.disconnect()
    chart.value?.dispose()
    chart.value = null
  })

  return { chart }
}

/** Turns chart animation off when the user asked the system for reduced motion. */
function withMotion(option: ChartOption): ChartOption {
  const reduce = typeof matchMedia !== 'undefined' && matchMedia('(prefers-reduced-motion: reduce)').matches
  return reduce ? { ...option, animation: false } : option
}

/** Reads a theme colour (an Element Plus CSS variable) so charts follow the app's palette. */
export function themeColor(variable: string): string {
  if (typeof document === 'undefined') return ''
  return getComputedStyle(document.documentElement).getPropertyValue(variable).trim()
}
