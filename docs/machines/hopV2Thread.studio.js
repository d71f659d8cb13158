// Generated from machines/ by `npm run diagrams`: do not edit. Import into Stately Studio with "Import from code".
import { createMachine } from 'xstate';

export const hopV2ThreadMachine = createMachine({
  "id": "hopV2Thread",
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
            "guard": "pageHasPrimary",
            "target": "owned",
            "actions": [
              "noteUserMessage",
              "giveToPrimary"
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
            "target": "owned",
            "actions": [
              "emitPassedToCaller",
              "giveToCaller"
            ]
          }
        ],
        "send": [
          {
            "guard": "carriesThreadControl",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "thread_control_needs_routing"
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
          }
        ]
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
            "guard": "callerIsOwner",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "already_thread_owner"
              }
            }
          },
          {
            "guard": "callerIsNotPrimary",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "take_owned_by_non_primary"
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
            "guard": "carriesThreadControl",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "thread_control_needs_routing"
              }
            }
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
          }
        ]
      }
    }
  }
});
