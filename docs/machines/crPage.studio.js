// Generated from machines/ by `npm run diagrams`: do not edit. Import into Stately Studio with "Import from code".
import { createMachine } from 'xstate';

export const crPageMachine = createMachine({
  "id": "crPage",
  "initial": "resolvingRouting",
  "on": {
    "set_roles": {
      "actions": {
        "type": "refuse",
        "params": {
          "refusal": "hop_api_disabled"
        }
      }
    },
    "read_secondary_receivers": {
      "actions": {
        "type": "refuse",
        "params": {
          "refusal": "hop_api_disabled"
        }
      }
    }
  },
  "states": {
    "resolvingRouting": {
      "always": [
        {
          "guard": "hasDefaultApp",
          "target": "withDefaultApp"
        },
        {
          "target": "zeroConfig"
        }
      ]
    },
    "zeroConfig": {},
    "withDefaultApp": {}
  }
});
