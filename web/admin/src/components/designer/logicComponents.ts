// The logic helper's components (components/designer/logic), bound into the
// designer's panels. They are v-model components that never mutate their
// props; the panels write what they emit into the draft.
import type { Component } from 'vue'
import AssignEditor from './logic/AssignEditor.vue'
import ConditionEditor from './logic/ConditionEditor.vue'
import JumpsEditor from './logic/JumpsEditor.vue'
import JumpTargetSelect from './logic/JumpTargetSelect.vue'
import LogicOverview from './logic/LogicOverview.vue'
import OptionSourcePicker from './logic/OptionSourcePicker.vue'
import PipingMenu from './logic/PipingMenu.vue'

/** The logic components the panels use (null would leave a slot empty). */
export const Logic: Record<
  'ConditionEditor' | 'JumpsEditor' | 'JumpTargetSelect' | 'AssignEditor' | 'OptionSourcePicker' | 'PipingMenu' | 'LogicOverview',
  Component | null
> = {
  ConditionEditor,
  JumpsEditor,
  JumpTargetSelect,
  AssignEditor,
  OptionSourcePicker,
  PipingMenu,
  LogicOverview,
}
