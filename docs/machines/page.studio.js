// Generated from machines/ by `npm run diagrams`: do not edit. Import into Stately Studio with "Import from code".
import { createMachine } from 'xstate';

export const pageMachine = createMachine({
  "id": "page",
  "initial": "resolvingActivation",
  "on": {
    "set_roles": [
      {
        "guard": "rolesNameUnknownApp",
        "actions": {
          "type": "refuse",
          "params": {
            "refusal": "role_for_unknown_app"
          }
        }
      },
      {
        "guard": "primaryAlsoSecondary",
        "actions": {
          "type": "refuse",
          "params": {
            "refusal": "role_conflict"
          }
        }
      },
      {
        "target": ".resolvingActivation",
        "actions": [
          "assignRoles",
          "emitRolesChanged"
        ]
      }
    ],
    "read_secondary_receivers": [
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
        "guard": "callerIsNotPrimary",
        "actions": {
          "type": "refuse",
          "params": {
            "refusal": "secondary_receivers_primary_only"
          }
        }
      },
      {
        "actions": "emitSecondaryReceivers"
      }
    ]
  },
  "states": {
    "resolvingActivation": {
      "always": [
        {
          "guard": "handoverActive",
          "target": "handoverActive"
        },
        {
          "target": "handoverInactive"
        }
      ]
    },
    "handoverInactive": {},
    "handoverActive": {}
  }
});
