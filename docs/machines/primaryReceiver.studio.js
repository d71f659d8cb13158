// Generated from machines/ by `npm run diagrams`: do not edit. Import into Stately Studio with "Import from code".
import { createMachine } from 'xstate';

export const primaryReceiverMachine = createMachine({
  "id": "primaryReceiver",
  "initial": "automation",
  "on": {
    "broadcast": {
      "actions": "callSendBroadcast"
    },
    "api_result": {
      "guard": "sendRefused",
      "actions": "noteSendRefused"
    }
  },
  "states": {
    "automation": {
      "on": {
        "message": [
          {
            "guard": "onStandby"
          },
          {
            "guard": {
              "type": "and(asksForAgent, liveChatIsSelf)"
            },
            "target": "liveChatInManyChat",
            "actions": "callSendHandoverNotice"
          },
          {
            "guard": {
              "type": "and(asksForAgent, passesInline)"
            },
            "target": "passingInline",
            "actions": "callSendNoticeAndPass"
          },
          {
            "guard": "asksForAgent",
            "target": "passingControl",
            "actions": [
              "callSendHandoverNotice",
              "callPassToLiveChat"
            ]
          },
          {
            "actions": "callSendAutoReply"
          }
        ],
        "postback": [
          {
            "guard": "onStandby"
          },
          {
            "actions": "callSendAutoReply"
          }
        ],
        "open_conversation": [
          {
            "guard": "liveChatIsSelf",
            "target": "liveChatInManyChat"
          },
          {
            "target": "passingControl",
            "actions": "callPassToLiveChat"
          }
        ],
        "request_thread_control": [
          {
            "guard": "honoursRequests",
            "target": "passingControl",
            "actions": [
              "rememberRequester",
              "callPassToRequester"
            ]
          },
          {
            "actions": {
              "type": "note",
              "params": {
                "text": "request_thread_control ignored: the bot does not honour requests"
              }
            }
          }
        ],
        "take_thread_control": {
          "target": "liveChat"
        }
      }
    },
    "liveChatInManyChat": {
      "on": {
        "agent_reply": {
          "actions": "callSendAgentReply"
        },
        "close_conversation": {
          "target": "automation"
        }
      }
    },
    "passingControl": {
      "on": {
        "api_result": [
          {
            "guard": {
              "type": "and(passSucceeded, takesBackAfterWait)"
            },
            "target": "liveChat",
            "actions": [
              "nextEpisode",
              "scheduleTakeBack"
            ]
          },
          {
            "guard": "passSucceeded",
            "target": "liveChat"
          },
          {
            "guard": "passFailed",
            "target": "automation"
          }
        ]
      }
    },
    "passingInline": {
      "on": {
        "api_result": [
          {
            "guard": {
              "type": "and(sendSucceeded, takesBackAfterWait)"
            },
            "target": "liveChat",
            "actions": [
              "nextEpisode",
              "scheduleTakeBack"
            ]
          },
          {
            "guard": "sendSucceeded",
            "target": "liveChat"
          },
          {
            "guard": "sendRefused",
            "target": "automation",
            "actions": "noteSendRefused"
          }
        ]
      }
    },
    "liveChat": {
      "on": {
        "message": [
          {
            "guard": "onMessaging",
            "target": "automation",
            "actions": "callSendAutoReply"
          },
          {
            "guard": "asksForBot",
            "target": "takingBack",
            "actions": "callTake"
          }
        ],
        "pass_thread_control": {
          "target": "automation",
          "actions": "callSendWelcomeBack"
        },
        "timer": {
          "guard": "takeBackDue",
          "target": "takingBack",
          "actions": "callTake"
        },
        "request_thread_control": {
          "actions": {
            "type": "note",
            "params": {
              "text": "request_thread_control ignored: the thread is with the LiveChat app"
            }
          }
        }
      }
    },
    "takingBack": {
      "on": {
        "api_result": [
          {
            "guard": "takeSucceeded",
            "target": "automation",
            "actions": "callSendWelcomeBack"
          },
          {
            "guard": "takeFailed",
            "target": "liveChat"
          }
        ],
        "pass_thread_control": {
          "target": "automation",
          "actions": "callSendWelcomeBack"
        }
      }
    }
  }
});
