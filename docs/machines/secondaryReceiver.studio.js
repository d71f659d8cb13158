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
        "message": [
          {
            "guard": {
              "type": "and(asksForHuman, takesControl)"
            },
            "target": "taking",
            "actions": "callTake"
          },
          {
            "guard": "asksForHuman",
            "target": "requesting",
            "actions": "callRequest"
          }
        ],
        "pass_thread_control": [
          {
            "guard": "extends",
            "target": "chatting",
            "actions": [
              "callSendGreeting",
              "callExtend"
            ]
          },
          {
            "target": "chatting",
            "actions": "callSendGreeting"
          }
        ]
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
        "pass_thread_control": [
          {
            "guard": "extends",
            "target": "chatting",
            "actions": [
              "callSendGreeting",
              "callExtend"
            ]
          },
          {
            "target": "chatting",
            "actions": "callSendGreeting"
          }
        ]
      }
    },
    "awaitingControl": {
      "on": {
        "pass_thread_control": [
          {
            "guard": "extends",
            "target": "chatting",
            "actions": [
              "callSendGreeting",
              "callExtend"
            ]
          },
          {
            "target": "chatting",
            "actions": "callSendGreeting"
          }
        ]
      }
    },
    "taking": {
      "on": {
        "api_result": [
          {
            "guard": {
              "type": "and(takeSucceeded, extends)"
            },
            "target": "chatting",
            "actions": [
              "callSendGreeting",
              "callExtend"
            ]
          },
          {
            "guard": "takeSucceeded",
            "target": "chatting",
            "actions": "callSendGreeting"
          },
          {
            "guard": "takeFailed",
            "target": "watching",
            "actions": {
              "type": "note",
              "params": {
                "text": "take refused: this app may not take the thread"
              }
            }
          }
        ]
      }
    },
    "chatting": {
      "on": {
        "message": [
          {
            "guard": {
              "type": "and(saysGoodbye, releases)"
            },
            "target": "handingBack",
            "actions": [
              "callSendGoodbye",
              "callRelease"
            ]
          },
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
          },
          {
            "guard": "onStandby",
            "target": "watching",
            "actions": {
              "type": "note",
              "params": {
                "text": "the user wrote on standby: control has gone (expired, or released), the agent stops"
              }
            }
          }
        ],
        "agent_reply": {
          "actions": [
            "rememberReply",
            "callSendReply"
          ]
        },
        "api_result": {
          "guard": "replyOutsideWindow",
          "actions": [
            "callSendTaggedReply",
            "forgetReply"
          ]
        },
        "hand_back": [
          {
            "guard": "releases",
            "target": "handingBack",
            "actions": "callRelease"
          },
          {
            "target": "handingBack",
            "actions": "callPassBack"
          }
        ]
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
