// Every keyboard shortcut of the app, grouped by where it works: the one list the
// help screen (F1) shows. A shortcut added to a screen is added here too. "Enter"
// and "Shift" are named in the page's language by the screen; other keys are symbols.
import type { MessageKey } from "./messages/it";

export interface Shortcut {
  keys: string[];
  what: MessageKey;
}

export interface ShortcutGroup {
  where: MessageKey;
  shortcuts: Shortcut[];
}

export const SHORTCUTS: ShortcutGroup[] = [
  {
    where: "keys.anywhere",
    shortcuts: [
      { keys: ["F1"], what: "keys.help" },
      { keys: ["↑", "↓"], what: "keys.sections" },
      { keys: ["Esc"], what: "keys.close" },
    ],
  },
  {
    where: "keys.lists",
    shortcuts: [
      { keys: ["↑", "↓"], what: "keys.rows" },
      { keys: ["Enter"], what: "keys.openRow" },
    ],
  },
  {
    where: "keys.console",
    shortcuts: [
      { keys: ["Enter"], what: "keys.saveNote" },
      { keys: ["Shift", "Enter"], what: "keys.newLine" },
      { keys: ["Ctrl", "K"], what: "keys.speaker" },
      { keys: ["Alt", "1…9"], what: "keys.kind" },
      { keys: ["Alt", "0"], what: "keys.noKind" },
      { keys: ["Alt", "↓"], what: "keys.nextTable" },
      { keys: ["Alt", "↑"], what: "keys.previousTable" },
      { keys: ["Ctrl", "I"], what: "keys.checkin" },
    ],
  },
  {
    where: "keys.door",
    shortcuts: [
      { keys: ["↑", "↓"], what: "keys.choosePerson" },
      { keys: ["Enter"], what: "keys.checkInPerson" },
      { keys: ["Esc"], what: "keys.leaveDoor" },
    ],
  },
  {
    where: "keys.coding",
    shortcuts: [
      { keys: ["C"], what: "keys.code" },
      { keys: ["↑", "↓"], what: "keys.chooseCode" },
      { keys: ["Enter"], what: "keys.applyCode" },
      { keys: ["Esc"], what: "keys.closeCode" },
    ],
  },
];
