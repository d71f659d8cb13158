// Generated from machines/ by `npm run diagrams`: do not edit. Import into Stately Studio with "Import from code".
import { createMachine } from 'xstate';

export const userMachine = createMachine({
  "id": "user",
  "context": {
    "unanswered": 0
  },
  "initial": "idle",
  "on": {
    "write": {
      "target": ".waitingForReply",
      "actions": [
        "writes",
        "countUnanswered"
      ]
    },
    "tap": {
      "target": ".waitingForReply",
      "actions": [
        "taps",
        "countUnanswered"
      ]
    },
    "tap_quick_reply": {
      "target": ".waitingForReply",
      "actions": [
        "tapsQuickReply",
        "countUnanswered"
      ]
    }
  },
  "states": {
    "idle": {},
    "waitingForReply": {
      "on": {
        "page_message": {
          "target": "idle",
          "actions": "clearUnanswered"
        }
      }
    }
  }
});
