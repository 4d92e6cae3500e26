/** syslog bodies (RFC 3164 and 5424 hosts). */

/** @param {ReturnType<typeof import('./world.mjs').createWorld>} w the world, with the writers made before these */
export function syslogWriters(w) {
  const { int, range, pick, hex, alnum, ip10, port, pad, USERS, D, hms, ymd, klogLine, logrus } = w;
  const syslogNoise = () =>
    pick([
      () => `CRON[${range(1000, 99999)}]: (root) CMD (   cd / && run-parts --report /etc/cron.hourly)`,
      () =>
        `sshd[${range(1000, 99999)}]: Accepted publickey for ${pick(['ubuntu', 'ec2-user', 'admin'])} from ${ip10()} port ${port()} ssh2: RSA SHA256:${alnum(43)}`,
      () => `sshd[${range(1000, 99999)}]: pam_unix(sshd:session): session opened for user ${pick(['ubuntu', 'ec2-user'])}(uid=1000) by (uid=0)`,
      () => `systemd[1]: Started Session ${range(1, 9999)} of User ubuntu.`,
      () => `systemd-resolved[${range(300, 900)}]: Using degraded feature set UDP instead of UDP+EDNS0 for DNS server ${ip10()}.`,
      () => `chronyd[${range(300, 900)}]: Selected source 169.254.169.123`,
      () => `dhclient[${range(300, 900)}]: DHCPREQUEST for ${ip10()} on eth0 to ${ip10()} port 67 (xid=0x${hex(8)})`,
      () => `rsyslogd: [origin software="rsyslogd" swVersion="8.2112.0" x-pid="${range(300, 900)}" x-info="https://www.rsyslog.com"] rsyslogd was HUPed`,
      () => `amazon-ssm-agent[${range(300, 2000)}]: ${ymd(D())} ${hms(D())} INFO [HealthCheck] HealthCheck reporting agent health.`,
      () => `snapd[${range(300, 2000)}]: storehelpers.go:769: cannot refresh: snap has no updates available: "core20", "lxd", "snapd"`,
      () => `google_guest_agent[${range(300, 2000)}]: Updating keys for user ${pick(USERS)}.`,
    ])();
  const syslogFailure = () =>
    pick([
      () => `kernel: [${range(1000, 999999)}.${pad(int(1000000), 6)}] nf_conntrack: nf_conntrack: table full, dropping packet`,
      () => `ntpd[${range(300, 900)}]: error resolving pool 0.ubuntu.pool.ntp.org: Temporary failure in name resolution (-3)`,
      () =>
        `kernel: [${range(1000, 999999)}.${pad(int(1000000), 6)}] Out of memory: Killed process ${range(1000, 99999)} (java) total-vm:${range(1000000, 9000000)}kB, anon-rss:${range(500000, 4000000)}kB, file-rss:0kB, shmem-rss:0kB`,
      () =>
        `dockerd[${range(300, 2000)}]: ${logrus('error', `Error writing log: write /var/lib/docker/containers/${hex(64)}/${hex(64)}-json.log: no space left on device`)}`,
      () =>
        `kubelet[${range(300, 2000)}]: ${klogLine('E', range(300, 2000), 'kubelet.go:2359', '"Skipping pod synchronization" err="PLEG is not healthy: pleg was last seen active 3m14.52s ago; threshold is 3m0s"')}`,
    ])();
  return { syslogNoise, syslogFailure };
}
