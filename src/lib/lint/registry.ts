// All lint rules, in the order `--rules` lists them. The registry refuses duplicate or malformed ids.
import type {Rule} from './rule.js';
import {inputRules} from './rules/input.js';
import schemaViolation from './rules/schema-violation.js';
import unknownField from './rules/unknown-field.js';
import poolSyntax from './rules/pool-syntax.js';
import poolMixedFamily from './rules/pool-mixed-family.js';
import poolHostBits from './rules/pool-host-bits.js';
import poolOverlap from './rules/pool-overlap.js';
import poolContainsNodeAddress from './rules/pool-contains-node-address.js';
import duplicateClass from './rules/duplicate-class.js';
import multipleDefaultClasses from './rules/multiple-default-classes.js';
import classType from './rules/class-type.js';
import classExcludedInterface from './rules/class-excluded-interface.js';
import classNoMatchingNodes from './rules/class-no-matching-nodes.js';
import classEmptyPool from './rules/class-empty-pool.js';
import serviceUnknownClass from './rules/service-unknown-class.js';
import classOnNonLoadBalancer from './rules/class-on-non-loadbalancer.js';
import ipsCountInvalid from './rules/ips-count-invalid.js';
import ipsCountExceedsPool from './rules/ips-count-exceeds-pool.js';
import poolExhausted from './rules/pool-exhausted.js';
import lbIpsSpaces from './rules/lb-ips-spaces.js';
import lbIpsEmpty from './rules/lb-ips-empty.js';
import lbIpsWrongFamily from './rules/lb-ips-wrong-family.js';
import serviceFamilyNotInClass from './rules/service-family-not-in-class.js';
import lbIpsInvalid from './rules/lb-ips-invalid.js';
import lbIpsOutsidePool from './rules/lb-ips-outside-pool.js';
import lbIpsExtra from './rules/lb-ips-extra.js';
import lbIpsTaken from './rules/lb-ips-taken.js';
import sharedIpPortCollision from './rules/shared-ip-port-collision.js';
import sharedIpLocalSelector from './rules/shared-ip-local-selector.js';
import unsupportedAnnotation from './rules/unsupported-annotation.js';
import loadBalancerIp from './rules/load-balancer-ip.js';
import moduleConfigName from './rules/module-config-name.js';
import moduleConfigVersion from './rules/module-config-version.js';
import moduleConfigSettings from './rules/module-config-settings.js';
import bgpPassword from './rules/bgp-password.js';
import layer2PoolIgnored from './rules/layer2-pool-ignored.js';
import bgpSettingsDeprecated from './rules/bgp-settings-deprecated.js';
import unknownCommunity from './rules/unknown-community.js';
import bgpPeerInvalid from './rules/bgp-peer-invalid.js';
import derivedNameTooLong from './rules/derived-name-too-long.js';
import bgpSpeakerRejects from './rules/bgp-speaker-rejects.js';
import bgpBrokenReference from './rules/bgp-broken-reference.js';
import bgpPasswordSecret from './rules/bgp-password-secret.js';
import bgpNoEffect from './rules/bgp-no-effect.js';
import bgpSpeakerNoNode from './rules/bgp-speaker-no-node.js';
import bgpMigrationDrops from './rules/bgp-migration-drops.js';

const RULE_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function createRegistry(rules: readonly Rule[]): ReadonlyMap<string, Rule> {
  const registry = new Map<string, Rule>();
  for (const rule of rules) {
    if (!RULE_ID.test(rule.id)) throw new Error(`rule id ${JSON.stringify(rule.id)} is not kebab-case`);
    if (registry.has(rule.id)) throw new Error(`rule id ${JSON.stringify(rule.id)} is registered twice`);
    if (!/\.$/.test(rule.description)) throw new Error(`rule ${rule.id}: the description must be a sentence ending in a period`);
    registry.set(rule.id, rule);
  }
  return registry;
}

export const RULES = createRegistry([
  ...inputRules,
  schemaViolation, unknownField,
  poolSyntax, poolMixedFamily, poolHostBits, poolOverlap, poolContainsNodeAddress,
  duplicateClass, multipleDefaultClasses, classType, classExcludedInterface, classNoMatchingNodes, classEmptyPool,
  serviceUnknownClass, classOnNonLoadBalancer, serviceFamilyNotInClass, ipsCountInvalid, ipsCountExceedsPool, poolExhausted, derivedNameTooLong,
  lbIpsSpaces, lbIpsEmpty, lbIpsInvalid, lbIpsWrongFamily, lbIpsOutsidePool, lbIpsExtra, lbIpsTaken,
  sharedIpPortCollision, sharedIpLocalSelector, unsupportedAnnotation, loadBalancerIp,
  moduleConfigName, moduleConfigVersion, moduleConfigSettings, bgpPassword, layer2PoolIgnored, bgpSettingsDeprecated, unknownCommunity,
  bgpPeerInvalid, bgpSpeakerRejects, bgpBrokenReference, bgpPasswordSecret, bgpNoEffect, bgpSpeakerNoNode, bgpMigrationDrops,
]);
