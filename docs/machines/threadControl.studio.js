// Generated from machines/ by `npm run diagrams`: do not edit. Import into Stately Studio with "Import from code".
import { createMachine } from 'xstate';

export const threadControlMachine = createMachine({
  "id": "threadControl",
  "context": {
    "owner": null
  },
  "initial": "resolvingOwner",
  "on": {
    "release_thread_control": {
      "actions": {
        "type": "refuse",
        "params": {
          "refusal": "not_in_protocol"
        }
      }
    },
    "extend_thread_control": {
      "actions": {
        "type": "refuse",
        "params": {
          "refusal": "not_in_protocol"
        }
      }
    }
  },
  "states": {
    "resolvingOwner": {
      "always": [
        {
          "guard": "handoverInactive",
          "target": "handoverInactive",
          "actions": "clearOwner"
        },
        {
          "guard": "ownerIsPrimary",
          "target": "handoverActive.withPrimary"
        },
        {
          "guard": "ownerIsSecondary",
          "target": "handoverActive.withSecondary"
        },
        {
          "guard": "hasNoOwner",
          "target": "handoverActive.withPrimary",
          "actions": "giveToPrimary"
        },
        {
          "target": "handoverActive.withPrimary",
          "actions": [
            "emitControlReturned",
            "giveToPrimary"
          ]
        }
      ]
    },
    "handoverInactive": {
      "on": {
        "app_roles_changed": {
          "target": "resolvingOwner"
        },
        "pass_thread_control": [
          {
            "guard": "callerHasNoRole",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "no_role"
              }
            }
          },
          {
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "handover_inactive"
              }
            }
          }
        ],
        "take_thread_control": [
          {
            "guard": "callerHasNoRole",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "no_role"
              }
            }
          },
          {
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "handover_inactive"
              }
            }
          }
        ],
        "request_thread_control": [
          {
            "guard": "callerHasNoRole",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "no_role"
              }
            }
          },
          {
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "handover_inactive"
              }
            }
          }
        ],
        "read_thread_owner": [
          {
            "guard": "callerHasNoRole",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "no_role"
              }
            }
          },
          {
            "actions": "emitOwnerRead"
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
    "handoverActive": {
      "initial": "withPrimary",
      "states": {
        "withPrimary": {},
        "withSecondary": {}
      },
      "on": {
        "app_roles_changed": {
          "target": "resolvingOwner"
        },
        "pass_thread_control": [
          {
            "guard": "callerHasNoRole",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "no_role"
              }
            }
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
            "guard": "callerMayNotPass",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "pass_by_non_owner"
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
            "guard": "passTargetHasNoRole",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "target_has_no_role"
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
            "guard": "passTargetIsOwner",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "target_already_owner"
              }
            }
          },
          {
            "guard": "passTargetIsPrimary",
            "target": ".withPrimary",
            "actions": [
              "emitControlPassed",
              "giveToPassTarget"
            ]
          },
          {
            "target": ".withSecondary",
            "actions": [
              "emitControlPassed",
              "giveToPassTarget"
            ]
          }
        ],
        "take_thread_control": [
          {
            "guard": "callerHasNoRole",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "no_role"
              }
            }
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
            "guard": "callerIsNotPrimary",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "take_by_non_primary"
              }
            }
          },
          {
            "guard": "ownerIsPrimary",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "already_thread_owner"
              }
            }
          },
          {
            "target": ".withPrimary",
            "actions": [
              "emitControlTaken",
              "giveToPrimary"
            ]
          }
        ],
        "request_thread_control": [
          {
            "guard": "callerHasNoRole",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "no_role"
              }
            }
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
            "guard": "callerIsPrimary",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "request_by_primary"
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
        ],
        "read_thread_owner": [
          {
            "guard": "callerHasNoRole",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "no_role"
              }
            }
          },
          {
            "guard": "ownerHiddenFromCaller",
            "actions": {
              "type": "refuse",
              "params": {
                "refusal": "owner_not_visible"
              }
            }
          },
          {
            "actions": "emitOwnerRead"
          }
        ]
      }
    }
  }
});
