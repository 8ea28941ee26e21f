import {defineRule} from '../rule.js';

export default defineRule({
  id: 'multiple-default-classes',
  severity: 'error',
  description: 'More than one class with isDefault: true (the module\'s webhook refuses the second).',
  check({world, report}) {
    const defaults = world.classes.filter((c) => c.isDefault);
    for (const c of defaults.slice(1)) {
      report({
        doc: c.doc,
        path: ['spec', 'isDefault'],
        message: `there is another default MetalLoadBalancerClass; set its "isDefault" flag to "false". Class ${defaults[0]!.name} is already the default, so the webhook refuses ${c.name}.`,
      });
    }
  },
});
