// Generated from machines/ by `npm run diagrams`: do not edit. Import into Stately Studio with "Import from code".
import { createMachine } from 'xstate';

export const pageInboxMachine = createMachine({
  "id": "pageInbox",
  "initial": "doneFolder",
  "on": {
    "pass_thread_control": {
      "target": ".inboxFolder"
    },
    "take_thread_control": {
      "target": ".doneFolder"
    }
  },
  "states": {
    "doneFolder": {
      "on": {
        "move_to_inbox": {
          "target": "requested",
          "actions": "requestControl"
        },
        "agent_reply": [
          {
            "guard": "actsOnAnyThread",
            "target": "replyingFromDone",
            "actions": "reply"
          },
          {
            "actions": {
              "type": "note",
              "params": {
                "text": "the Page Inbox does not have this thread: reply not sent"
              }
            }
          }
        ]
      }
    },
    "requested": {
      "on": {
        "inbox_result": [
          {
            "guard": "tookControl",
            "target": "inboxFolder"
          },
          {
            "guard": "requestAnswered",
            "target": "doneFolder"
          }
        ]
      }
    },
    "replyingFromDone": {
      "on": {
        "inbox_result": [
          {
            "guard": "tookControl",
            "target": "inboxFolder"
          },
          {
            "target": "doneFolder"
          }
        ]
      }
    },
    "inboxFolder": {
      "on": {
        "agent_reply": {
          "actions": "reply"
        },
        "mark_done": {
          "target": "markingDone",
          "actions": "markDone"
        }
      }
    },
    "markingDone": {
      "on": {
        "inbox_result": {
          "target": "doneFolder",
          "actions": "noteIfDoneRefused"
        }
      }
    }
  }
});
