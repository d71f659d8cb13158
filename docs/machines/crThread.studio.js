// Generated from machines/ by `npm run diagrams`: do not edit. Import into Stately Studio with "Import from code".
import { createMachine } from 'xstate';

export const crThreadMachine = createMachine({
  "id": "crThread",
  "initial": "idle",
  "states": {
    "idle": {
      "on": {
        "release_thread_control": {
          "actions": {
            "type": "refuse",
            "params": {
              "refusal": "release_by_non_owner"
            }
          }
        },
        "extend_thread_control": {
          "actions": {
            "type": "refuse",
            "params": {
              "refusal": "extend_by_non_owner"
            }
          }
        },
        "read_thread_owner": {
          "actions": "emitOwnerRead"
        },
        "user_message": [
          {
            "guard": "hasIdleRoute",
            "target": "owned",
            "actions": [
              "noteUserMessage",
              "giveToIdleRoute",
              "emitControlRouted"
            ]
          },
          {
            "actions": "noteUserMessage"
          }
        ],
        "pass_thread_control": [
          {
            "guard": "metadataTooLong",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "metadata_too_long"
              }
            }
          },
          {
            "guard": "passTargetMissing",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "target_app_id_required"
              }
            }
          },
          {
            "guard": "passTargetNotInstalled",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "incorrect_app_id"
              }
            }
          },
          {
            "target": "owned",
            "actions": [
              "emitControlPassed",
              "giveToPassTarget"
            ]
          }
        ],
        "take_thread_control": [
          {
            "guard": "metadataTooLong",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "metadata_too_long"
              }
            }
          },
          {
            "guard": "noDefaultApp",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "take_needs_default_app"
              }
            }
          },
          {
            "guard": "callerMayNotTake",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "take_not_permitted"
              }
            }
          },
          {
            "target": "owned",
            "actions": [
              "emitControlTaken",
              "giveToCaller"
            ]
          }
        ],
        "request_thread_control": [
          {
            "guard": "metadataTooLong",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "metadata_too_long"
              }
            }
          },
          {
            "guard": "defaultAppSet",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "request_needs_zero_config"
              }
            }
          },
          {
            "target": "owned",
            "actions": [
              "emitPassedToCaller",
              "giveToCaller"
            ]
          }
        ],
        "send": [
          {
            "guard": "callerMayNotSendWhileIdle",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "send_idle_not_default_app"
              }
            }
          },
          {
            "guard": "messageTagRetired",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "message_tag_retired"
              }
            }
          },
          {
            "guard": "outsideMessagingWindow",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "outside_messaging_window"
              }
            }
          },
          {
            "guard": {
              "type": "and(inlinePass, passTargetMissing)"
            },
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "target_app_id_required"
              }
            }
          },
          {
            "guard": {
              "type": "and(inlinePass, passTargetNotInstalled)"
            },
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "incorrect_app_id"
              }
            }
          },
          {
            "guard": "inlinePass",
            "target": "owned",
            "actions": [
              "emitControlPassed",
              "giveToPassTarget"
            ]
          }
        ],
        "inbox_take": {
          "target": "owned",
          "actions": [
            "emitControlTaken",
            "giveToCaller"
          ]
        },
        "inbox_done": {
          "actions": {
            "type": "refuse",
            "params": {
              "refusal": "release_by_non_owner"
            }
          }
        }
      }
    },
    "owned": {
      "on": {
        "touch": [
          {
            "guard": "controlExpired",
            "target": "idle",
            "actions": [
              "emitControlExpired",
              "clearControl",
              "replayEvent"
            ]
          }
        ],
        "user_message": [
          {
            "guard": "controlExpired",
            "target": "idle",
            "actions": [
              "emitControlExpired",
              "clearControl",
              "replayEvent"
            ]
          },
          {
            "actions": "noteUserMessage"
          }
        ],
        "release_thread_control": [
          {
            "guard": "controlExpired",
            "target": "idle",
            "actions": [
              "emitControlExpired",
              "clearControl",
              "replayEvent"
            ]
          },
          {
            "guard": "callerIsNotOwner",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "release_by_non_owner"
              }
            }
          },
          {
            "target": "idle",
            "actions": [
              "emitControlReleased",
              "clearControl"
            ]
          }
        ],
        "extend_thread_control": [
          {
            "guard": "controlExpired",
            "target": "idle",
            "actions": [
              "emitControlExpired",
              "clearControl",
              "replayEvent"
            ]
          },
          {
            "guard": "callerIsNotOwner",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "extend_by_non_owner"
              }
            }
          },
          {
            "guard": "durationTooLong",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "extend_duration_too_long"
              }
            }
          },
          {
            "actions": [
              "extendControl",
              "emitControlExtended"
            ]
          }
        ],
        "read_thread_owner": [
          {
            "guard": "controlExpired",
            "target": "idle",
            "actions": [
              "emitControlExpired",
              "clearControl",
              "replayEvent"
            ]
          },
          {
            "actions": "emitOwnerRead"
          }
        ],
        "pass_thread_control": [
          {
            "guard": "controlExpired",
            "target": "idle",
            "actions": [
              "emitControlExpired",
              "clearControl",
              "replayEvent"
            ]
          },
          {
            "guard": "metadataTooLong",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "metadata_too_long"
              }
            }
          },
          {
            "guard": "callerIsNotOwner",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "pass_not_owner_nor_idle"
              }
            }
          },
          {
            "guard": "passTargetMissing",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "target_app_id_required"
              }
            }
          },
          {
            "guard": "passTargetNotInstalled",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "incorrect_app_id"
              }
            }
          },
          {
            "guard": "passTargetIsCaller",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "pass_to_self"
              }
            }
          },
          {
            "actions": [
              "emitControlPassed",
              "giveToPassTarget"
            ]
          }
        ],
        "take_thread_control": [
          {
            "guard": "controlExpired",
            "target": "idle",
            "actions": [
              "emitControlExpired",
              "clearControl",
              "replayEvent"
            ]
          },
          {
            "guard": "metadataTooLong",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "metadata_too_long"
              }
            }
          },
          {
            "guard": "noDefaultApp",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "take_needs_default_app"
              }
            }
          },
          {
            "guard": "callerMayNotTake",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "take_not_permitted"
              }
            }
          },
          {
            "guard": "callerIsOwner",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "already_thread_owner"
              }
            }
          },
          {
            "actions": [
              "emitControlTaken",
              "giveToCaller"
            ]
          }
        ],
        "request_thread_control": [
          {
            "guard": "controlExpired",
            "target": "idle",
            "actions": [
              "emitControlExpired",
              "clearControl",
              "replayEvent"
            ]
          },
          {
            "guard": "metadataTooLong",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "metadata_too_long"
              }
            }
          },
          {
            "guard": "defaultAppSet",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "request_needs_zero_config"
              }
            }
          },
          {
            "guard": "callerIsOwner",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "already_thread_owner"
              }
            }
          },
          {
            "actions": "emitControlRequested"
          }
        ],
        "send": [
          {
            "guard": "controlExpired",
            "target": "idle",
            "actions": [
              "emitControlExpired",
              "clearControl",
              "replayEvent"
            ]
          },
          {
            "guard": "callerIsNotOwner",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "send_not_owner"
              }
            }
          },
          {
            "guard": "messageTagRetired",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "message_tag_retired"
              }
            }
          },
          {
            "guard": "outsideMessagingWindow",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "outside_messaging_window"
              }
            }
          },
          {
            "guard": {
              "type": "and(inlinePass, passTargetMissing)"
            },
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "target_app_id_required"
              }
            }
          },
          {
            "guard": {
              "type": "and(inlinePass, passTargetNotInstalled)"
            },
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "incorrect_app_id"
              }
            }
          },
          {
            "guard": {
              "type": "and(inlinePass, passTargetIsCaller)"
            },
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "pass_to_self"
              }
            }
          },
          {
            "guard": "inlinePass",
            "actions": [
              "emitControlPassed",
              "giveToPassTarget"
            ]
          },
          {
            "guard": "inlineRelease",
            "target": "idle",
            "actions": [
              "emitControlReleased",
              "clearControl"
            ]
          }
        ],
        "inbox_take": [
          {
            "guard": "controlExpired",
            "target": "idle",
            "actions": [
              "emitControlExpired",
              "clearControl",
              "replayEvent"
            ]
          },
          {
            "guard": "callerIsOwner"
          },
          {
            "actions": [
              "emitControlTaken",
              "giveToCaller"
            ]
          }
        ],
        "inbox_done": [
          {
            "guard": "controlExpired",
            "target": "idle",
            "actions": [
              "emitControlExpired",
              "clearControl",
              "replayEvent"
            ]
          },
          {
            "guard": "callerIsNotOwner",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "release_by_non_owner"
              }
            }
          },
          {
            "guard": "noDefaultApp",
            "target": "idle",
            "actions": [
              "emitControlReleased",
              "clearControl"
            ]
          },
          {
            "actions": [
              "emitControlPassed",
              "giveToPassTarget"
            ]
          }
        ]
      }
    }
  }
});
