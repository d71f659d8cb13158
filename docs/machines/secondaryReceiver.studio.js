// Generated from machines/ by `npm run diagrams`: do not edit. Import into Stately Studio with "Import from code".
import { createMachine } from 'xstate';

export const secondaryReceiverMachine = createMachine({
  "id": "secondaryReceiver",
  "initial": "watching",
  "on": {
    "take_thread_control": {
      "target": ".watching"
    }
  },
  "states": {
    "watching": {
      "on": {
        "message": {
          "guard": "asksForHuman",
          "target": "requesting",
          "actions": "callRequest"
        },
        "pass_thread_control": {
          "target": "chatting",
          "actions": "callSendGreeting"
        }
      }
    },
    "requesting": {
      "on": {
        "api_result": [
          {
            "guard": "requestRefused",
            "target": "watching"
          },
          {
            "guard": "requestAnswered",
            "target": "awaitingControl"
          }
        ],
        "pass_thread_control": {
          "target": "chatting",
          "actions": "callSendGreeting"
        }
      }
    },
    "awaitingControl": {
      "on": {
        "pass_thread_control": {
          "target": "chatting",
          "actions": "callSendGreeting"
        }
      }
    },
    "chatting": {
      "on": {
        "message": [
          {
            "guard": "saysGoodbye",
            "target": "handingBack",
            "actions": [
              "callSendGoodbye",
              "callPassBack"
            ]
          },
          {
            "guard": "onMessaging",
            "actions": "callSendReply"
          }
        ],
        "agent_reply": {
          "actions": "callSendReply"
        },
        "hand_back": {
          "target": "handingBack",
          "actions": "callPassBack"
        }
      }
    },
    "handingBack": {
      "on": {
        "api_result": [
          {
            "guard": "passSucceeded",
            "target": "watching"
          },
          {
            "guard": "passFailed",
            "target": "watching",
            "actions": {
              "type": "note",
              "params": {
                "text": "passing back was refused: the thread is no longer with this app"
              }
            }
          }
        ]
      }
    }
  }
});
