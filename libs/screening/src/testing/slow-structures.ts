/**
 * A real structure within the default limits (144 heavy atoms ≤ 150, 500 characters ≤ 20,000) that keeps RDKit
 * busy for a minute and a half: a saturated carbon nanotorus, each carbon a CH bonded to three others on a
 * 12 × 12 honeycomb wrapped around a torus (C144H144). Measured on the 2-core development machine: profiling
 * (RDKit's descriptors on the ring mesh) 90 s, the whole pipeline 104 s, depiction minutes; the 10 × 10 torus
 * takes 3.7 s. The time-budget tests use it as the molecule that "runs for seconds".
 */
export const SLOW_NANOTORUS =
  'C12C3C4C5C6C7C8C9C%10C%11C%12C2C2C%13C%14C%15C%16C%17C%18C%19C%20C%21C%22C%23C%24C%25C%26C%27C%28C%29C%30C%31' +
  'C%32C1C1C%12C%12C%10C%10C8C8C6C(C4%32)C%30C4C8C6C%10C8C%12C%10C1C%31C1C%29C%12C%29C%30C%31C(C%12%27)C%25C%12' +
  'C%25C%31C%27C%31C%32C%25C%25C(C%12%23)C%21C%12C%21C%25C%23C%32C%25C%32C%33C%23C%23C%21C%21C(C%12%19)C%17C%12' +
  'C%17C%21C%19C%23C%21C%33C(C2C3C%21C5C%19C7C%17C9C(C%12%15)C%13%11)C%14C%32C%16C2C%18C3C%20C5C%22C7C%24C9C%26' +
  'C(C4%28)C6C4C8C6C%10C1C%29C1C6C(C49)C7C4C1C%30C%27C(C45)C3C%31C2%25';
