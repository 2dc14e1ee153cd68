// SPDX-License-Identifier: GPL-2.0-or-later
/* tapcli.c - TUN/TAP on the command line: tunctl compatibility and `umnet tap`
 *
 * Creation, owner, group and persistence are /dev/net/tun ioctls (tun.c);
 * looking devices up, MTU, MAC, state and bridge go through netlink (nl.c).
 *
 * The tunctl front-end reproduces Debian's uml-utilities tunctl: its options,
 * its stdout ("Set 'tap0' persistent and owned by uid 1000", the bare name
 * with -b, "Set 'tap0' nonpersistent") and its exit status (0, or 1 for any
 * error). Its error lines on stderr keep their form ("TUNSETIFF: Invalid
 * argument"); we add a line with the likely cause. Deliberate differences,
 * documented in umnet-tunctl(8): -n for TUN devices, -d finds out whether
 * the device is TUN or multi-queue, an empty or out-of-range uid/gid and an
 * over-long name are errors instead of uid 0 and silent truncation.
 */

#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/tapcli.h"
#include "core/addr.h"
#include "core/text.h"
#include "sys/log.h"
#include "sys/snapshot.h"
#include "sys/tun.h"
#include "sys/util.h"

/* Describing failures: what the HOWTOs' FAQs answer */

/* Kernels before 4.15 have no IFLA_TUN_*: read sysfs instead. That is only
 * right when /sys was mounted in our network namespace (ip netns exec does).
 */
static int tap_sysfs_read(const char *ifname, const char *attr, long *v)
{
	char path[96], buf[32], *end;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/class/net/%s/%s", ifname, attr);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	if (!fgets(buf, sizeof(buf), f)) {
		fclose(f);
		return -EIO;
	}
	fclose(f);
	errno = 0;
	*v = strtol(buf, &end, 0);
	return errno || end == buf ? -EPROTO : 0;
}

static void tap_sysfs(struct nl_link *l)
{
	long flags = 0, owner = -1, group = -1;

	if (tap_sysfs_read(l->name, "tun_flags", &flags))
		return;
	l->tun.valid = true;
	l->tun.is_tap = flags & IFF_TAP;
	l->tun.pi = !(flags & IFF_NO_PI);
	l->tun.vnet_hdr = flags & IFF_VNET_HDR;
	l->tun.persist = flags & IFF_PERSIST;
	l->tun.multi_queue = flags & IFF_MULTI_QUEUE;
	if (!tap_sysfs_read(l->name, "owner", &owner) && owner >= 0) {
		l->tun.has_owner = true;
		l->tun.owner = (uint32_t)owner;
	}
	if (!tap_sysfs_read(l->name, "group", &group) && group >= 0) {
		l->tun.has_group = true;
		l->tun.group = (uint32_t)group;
	}
}

/* Describe device @name through a fresh handle: 0, -ENODEV, -errno */
static int tap_lookup(const char *name, struct nl_link *l)
{
	struct nl *nl;
	int ret;

	if (!text_ifname_is_valid(name))
		return -EINVAL;
	ret = nl_open(&nl);
	if (ret)
		return ret;
	ret = nl_link_get(nl, 0, name, l);
	nl_close(nl);
	if (!ret && !strcmp(l->kind, "tun") && !l->tun.valid)
		tap_sysfs(l);
	return ret;
}

static bool tap_is_tun(const struct nl_link *l)
{
	return !strcmp(l->kind, "tun") && l->tun.valid;
}

static void tap_hint(const char *prog, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void tap_hint(const char *prog, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vline(stderr, prog, fmt, ap);
	va_end(ap);
}

static void tap_explain_open(const char *prog, int ret, const char *clone_dev)
{
	const char *dev = clone_dev ? clone_dev : TUN_CLONE_DEFAULT;
	char access[192];

	switch (ret) {
	case -ENOENT:
	case -ENODEV:
	case -ENXIO:
		tap_hint(prog, "no usable %s: is the tun module loaded? (modprobe tun)", dev);
		break;
	case -EACCES:
		if (!tun_clone_access(clone_dev, access, sizeof(access)))
			tap_hint(prog, "%s: only users it grants read and write may open it", access);
		tap_hint(prog, "to let a group use it: chgrp GROUP %s && chmod 0660 %s, and add the "
			 "users to GROUP (a udev rule KERNEL==\"tun\", GROUP=\"GROUP\", "
			 "MODE=\"0660\" keeps it so)", dev, dev);
		break;
	default:
		if (*tun_open_hint(ret))
			tap_hint(prog, "%s", tun_open_hint(ret));
	}
}

static void tap_explain_perm(const char *prog, const struct nl_link *l, bool found)
{
	if (!found || !tap_is_tun(l) || (!l->tun.has_owner && !l->tun.has_group)) {
		tap_hint(prog, "creating a TUN/TAP device needs CAP_NET_ADMIN (run it as root)");
		return;
	}
	if (l->tun.has_owner && l->tun.has_group)
		tap_hint(prog, "'%s' belongs to uid %u and gid %u: only uid %u, and only while "
			 "in group %u, may open it (or CAP_NET_ADMIN)", l->name, l->tun.owner,
			 l->tun.group, l->tun.owner, l->tun.group);
	else if (l->tun.has_owner)
		tap_hint(prog, "'%s' belongs to uid %u: only that user (or CAP_NET_ADMIN) may "
			 "open it", l->name, l->tun.owner);
	else
		tap_hint(prog, "'%s' belongs to gid %u: only members of that group (or "
			 "CAP_NET_ADMIN) may open it", l->name, l->tun.group);
}

static void tap_explain_inval(const char *prog, const char *name, const struct nl_link *l,
			      bool found, unsigned flags, const char *tun_opt)
{
	bool want_tap = !(flags & TUN_F_TUN), want_mq = flags & TUN_F_MULTI_QUEUE;

	if (!found && name && *name && !text_ifname_is_valid(name) && !text_ifname_is_template(name))
		tap_hint(prog, "'%s' is not a valid interface name (1-15 characters, no '/', "
			 "':' or spaces, at most one %%d)", name);
	else if (found && !tap_is_tun(l))
		tap_hint(prog, "'%s' exists and is not a TUN/TAP device (it is %s%s)", l->name,
			 *l->kind ? "a " : "a plain device", l->kind);
	else if (found && l->tun.is_tap != want_tap)
		tap_hint(prog, "'%s' is a %s device: %s %s", l->name, l->tun.is_tap ? "TAP" : "TUN",
			 l->tun.is_tap ? "leave out" : "add", tun_opt);
	else if (found && l->tun.multi_queue != want_mq)
		tap_hint(prog, "'%s' is %sa multi-queue device", l->name,
			 l->tun.multi_queue ? "" : "not ");
	else
		tap_hint(prog, "%s", tun_open_hint(-EINVAL));
}

/* Explain a TUNSETIFF failure for device @name asked with @flags */
static void tap_explain_attach(const char *prog, int ret, const char *name, unsigned flags,
			       const char *tun_opt)
{
	struct nl_link l;
	bool found = name && *name && !tap_lookup(name, &l);

	switch (ret) {
	case -EINVAL:
		tap_explain_inval(prog, name, &l, found, flags, tun_opt);
		break;
	case -EPERM:
		tap_explain_perm(prog, &l, found);
		break;
	case -EBUSY:
		if (found && (flags & TUN_F_EXCL))
			tap_hint(prog, "'%s': name already in use (by a %s device)", l.name,
				 tap_is_tun(&l) ? (l.tun.is_tap ? "TAP" : "TUN") :
				 *l.kind ? l.kind : "network");
		else
			tap_hint(prog, "'%s' is open in another process (a device that is not "
				 "multi-queue takes one at a time)", name ? name : "");
		break;
	default:
		if (*tun_open_hint(ret))
			tap_hint(prog, "%s", tun_open_hint(ret));
	}
}

/* The flags that reattach existing device @name: its type and queue mode */
static unsigned tap_flags_of(const char *name, unsigned dflt)
{
	struct nl_link l;

	if (!name || tap_lookup(name, &l) || !tap_is_tun(&l))
		return dflt;
	return (l.tun.is_tap ? 0 : TUN_F_TUN) | (l.tun.multi_queue ? TUN_F_MULTI_QUEUE : 0);
}

/* tunctl */

static void tunctl_usage(FILE *f, const char *prog)
{
	/* Debian's lines, verbatim; our additions at the end */
	fprintf(f, "Create: %s [-b] [-u owner] [-g group] [-t device-name] "
		"[-f tun-clone-device]\n", prog);
	fprintf(f, "Delete: %s -d device-name [-f tun-clone-device]\n\n", prog);
	fprintf(f, "The default tun clone device is /dev/net/tun - some systems use\n"
		"/dev/misc/net/tun instead\n\n");
	fprintf(f, "-b will result in brief output (just the device name)\n");
	fprintf(f, "-n will create a TUN (IP) device instead of a TAP (Ethernet) device\n");
}

/**
 * tapcli_tunctl_id() - Parse a tunctl -u/-g argument the way tunctl does
 * @s:		a user or group name, or a number (strtol() base 0: 1000, 0x3e8)
 * @group:	true for -g
 * @id:		result, -1 meaning "none"
 *
 * Unlike tunctl, an empty string is not uid 0 and numbers must fit a uid.
 *
 * Return: 0 or -EINVAL
 */
int tapcli_tunctl_id(const char *s, bool group, long *id)
{
	const struct passwd *pw;
	const struct group *gr;
	char *end;
	long v;

	if (!s || !*s)
		return -EINVAL;
	if (!group && (pw = getpwnam(s))) {
		*id = (long)pw->pw_uid;
		return 0;
	}
	if (group && (gr = getgrnam(s))) {
		*id = (long)gr->gr_gid;
		return 0;
	}
	errno = 0;
	v = strtol(s, &end, 0);
	if (*end || errno || v < -1 || v > (long)UINT32_MAX - 1)
		return -EINVAL;
	*id = v;
	return 0;
}

/**
 * tapcli_tunctl_parse() - Read a tunctl command line
 * @t:		result
 * @argc:	argument count
 * @argv:	arguments, argv[0] the program name
 * @errf:	where messages go (stderr), NULL for none
 *
 * Return: 0 to go on, 1 if --help was printed, -EINVAL on a usage error
 * (message and usage printed to @errf)
 */
int tapcli_tunctl_parse(struct tapcli_tunctl *t, int argc, char **argv, FILE *errf)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 },
	};
	const char *prog = argc > 0 ? argv[0] : "tunctl";
	int c;

	memset(t, 0, sizeof(*t));
	t->owner = t->group = -1;
	optind = 0;
	opterr = errf != NULL;
	while ((c = getopt_long(argc, argv, "bd:f:t:u:g:n", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			t->brief = true;
			break;
		case 'd':
			t->del = true;
			t->name = optarg;
			break;
		case 'f':
			t->clone_dev = optarg;
			break;
		case 't':
			t->name = optarg;
			break;
		case 'n':
			t->tun = true;
			break;
		case 'u':
		case 'g':
			if (tapcli_tunctl_id(optarg, c == 'g', c == 'g' ? &t->group : &t->owner)) {
				if (errf)
					fprintf(errf, c == 'g' ?
						"'%s' is neither a groupname nor a numeric group.\n" :
						"'%s' is neither a username nor a numeric uid.\n",
						optarg);
				goto usage;
			}
			break;
		case 'H':
			tunctl_usage(stdout, prog);
			return 1;
		default:
			goto usage;
		}
	}
	if (optind >= argc)
		return 0;
usage:
	if (errf)
		tunctl_usage(errf, prog);
	return -EINVAL;
}

static int tunctl_delete(const struct tapcli_tunctl *t, int fd, const char *ifname)
{
	int ret = tun_set_persist(fd, false);

	if (ret) {
		fprintf(stderr, "TUNSETPERSIST: %s\n", strerror(-ret));
		return EXIT_FAILURE;
	}
	(void)t;
	printf("Set '%s' nonpersistent\n", ifname);
	return EXIT_SUCCESS;
}

static int tunctl_create(const struct tapcli_tunctl *t, int fd, const char *ifname)
{
	long owner = t->owner;
	int ret = 0;

	/* As tunctl did before TUNSETGROUP existed: owned by whoever runs it */
	if (owner == -1 && t->group == -1)
		owner = geteuid();
	/* Owner and group before persistence: a failure leaves nothing behind */
	if (owner != -1 && (ret = tun_set_owner(fd, (uid_t)owner)))
		fprintf(stderr, "TUNSETOWNER: %s\n", strerror(-ret));
	else if (t->group != -1 && (ret = tun_set_group(fd, (gid_t)t->group)))
		fprintf(stderr, "TUNSETGROUP: %s\n", strerror(-ret));
	else if ((ret = tun_set_persist(fd, true)))
		fprintf(stderr, "TUNSETPERSIST: %s\n", strerror(-ret));
	if (ret)
		return EXIT_FAILURE;

	if (t->brief) {
		printf("%s\n", ifname);
		return EXIT_SUCCESS;
	}
	printf("Set '%s' persistent and owned by", ifname);
	if (owner != -1)
		printf(" uid %ld", owner);
	if (t->group != -1)
		printf(" gid %ld", t->group);
	printf("\n");
	return EXIT_SUCCESS;
}

static int tunctl_run(const struct tapcli_tunctl *t, const char *prog)
{
	char ifname[TUN_IFNAMSIZ];
	unsigned flags = t->tun ? TUN_F_TUN : 0;
	int fd, ret;

	/* Deleting needs the device's own type and queue mode to attach */
	if (t->del && !t->tun)
		flags = tap_flags_of(t->name, 0);
	fd = tun_clone_open(t->clone_dev, 0);
	if (fd < 0) {
		fprintf(stderr, "Failed to open '%s' : %s\n",
			t->clone_dev ? t->clone_dev : TUN_CLONE_DEFAULT, strerror(-fd));
		tap_explain_open(prog, fd, t->clone_dev);
		return EXIT_FAILURE;
	}
	ret = tun_attach(fd, t->name ? t->name : "", flags, ifname);
	if (ret) {
		fprintf(stderr, "TUNSETIFF: %s\n", strerror(-ret));
		tap_explain_attach(prog, ret, t->name, flags, "-n");
		close(fd);
		return EXIT_FAILURE;
	}
	ret = t->del ? tunctl_delete(t, fd, ifname) : tunctl_create(t, fd, ifname);
	close(fd);
	if (fflush(stdout) && ret == EXIT_SUCCESS) {
		perror("stdout");
		ret = EXIT_FAILURE;
	}
	return ret;
}

/**
 * tapcli_tunctl_main() - The tunctl-compatible program
 * @argc:	argument count
 * @argv:	arguments
 *
 * Return: exit status: 0, or 1 on any error, as tunctl
 */
int tapcli_tunctl_main(int argc, char **argv)
{
	struct tapcli_tunctl t;
	int ret = tapcli_tunctl_parse(&t, argc, argv, stderr);

	if (ret)
		return ret > 0 ? EXIT_SUCCESS : EXIT_FAILURE;
	return tunctl_run(&t, argv[0]);
}

/* umnet tap */

static void tap_usage(FILE *f)
{
	fprintf(f,
"Usage: umnet tap COMMAND [ARGS]\n"
"Persistent TUN/TAP devices for guests run by unprivileged users.\n"
"\n"
"  add [NAME|TEMPLATE] [OPTION]...   create a device (prints its name)\n"
"      -n, --tun              TUN (IP packets) instead of TAP (Ethernet frames)\n"
"      -u, --owner USER       only USER may open it (name or uid)\n"
"      -g, --group GROUP      only members of GROUP may open it (name or gid)\n"
"      -m, --mtu BYTES        MTU (68-65535)\n"
"      -a, --mac MAC          hardware address aa:bb:cc:dd:ee:ff (TAP only)\n"
"      -M, --master BRIDGE    enslave to BRIDGE\n"
"          --up               bring it up (default: leave it down)\n"
"      -q, --multi-queue      allow several descriptors (queues)\n"
"      -f, --clone DEV        clone device (default " TUN_CLONE_DEFAULT ")\n"
"  del [--force] [-f DEV] NAME...    delete devices (clear persistence)\n"
"      --force                delete through netlink even if a process has it open\n"
"  list [-j]                         all TUN/TAP devices\n"
"  show [-j] NAME                    one device\n"
"\n"
"  -j, --json                 JSON output\n"
"With both an owner and a group, a user must be the owner AND in the group.\n");
}

static int tap_mtu_parse(const char *s, unsigned *mtu)
{
	unsigned long v;

	if (text_ulong_parse(s, 68, 65535, &v))
		return -EINVAL;
	*mtu = (unsigned)v;
	return 0;
}

static int tap_add_opt(struct tapcli_add *a, int c, const char *arg, FILE *errf)
{
	switch (c) {
	case 'n': a->tun = true; return 0;
	case 'q': a->multi_queue = true; return 0;
	case 'U': a->up = 1; return 0;
	case 'f': a->clone_dev = arg; return 0;
	case 'M':
		if (text_ifname_is_valid(arg)) {
			a->master = arg;
			return 0;
		}
		break;
	case 'u':
		if (!id_parse(arg, false, &a->owner)) {
			a->has_owner = true;
			return 0;
		}
		break;
	case 'g':
		if (!id_parse(arg, true, &a->group)) {
			a->has_group = true;
			return 0;
		}
		break;
	case 'm':
		if (!tap_mtu_parse(arg, &a->mtu))
			return 0;
		break;
	case 'a':
		if (!addr_mac_parse(arg, a->mac)) {
			a->has_mac = true;
			return 0;
		}
		break;
	default:
		return -EINVAL;
	}
	if (errf)
		fprintf(errf, "umnet: tap add: %s '%s'\n",
			c == 'M' ? "bad bridge name" : c == 'u' ? "no such user" :
			c == 'g' ? "no such group" : c == 'm' ? "MTU must be 68 to 65535, not" :
			"bad MAC address (want aa:bb:cc:dd:ee:ff)", arg);
	return -EINVAL;
}

/**
 * tapcli_add_parse() - Read an `umnet tap add` command line
 * @a:		result
 * @argc:	argument count
 * @argv:	arguments, argv[0] = "add"
 * @errf:	where messages go (stderr), NULL for none
 *
 * Return: 0 to go on, 1 if --help was printed, -EINVAL on a usage error
 */
int tapcli_add_parse(struct tapcli_add *a, int argc, char **argv, FILE *errf)
{
	static const struct option opts[] = {
		{ "tun", no_argument, NULL, 'n' },
		{ "owner", required_argument, NULL, 'u' },
		{ "group", required_argument, NULL, 'g' },
		{ "mtu", required_argument, NULL, 'm' },
		{ "mac", required_argument, NULL, 'a' },
		{ "master", required_argument, NULL, 'M' },
		{ "up", no_argument, NULL, 'U' },
		{ "multi-queue", no_argument, NULL, 'q' },
		{ "clone", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(a, 0, sizeof(*a));
	optind = 0;
	opterr = errf != NULL;
	while ((c = getopt_long(argc, argv, "nu:g:m:a:M:qf:h", opts, NULL)) != -1) {
		if (c == 'h') {
			tap_usage(stdout);
			return 1;
		}
		if (tap_add_opt(a, c, optarg, errf))
			return -EINVAL;
	}
	if (optind < argc)
		a->name = argv[optind++];
	if (optind < argc) {
		if (errf)
			fprintf(errf, "umnet: tap add: unexpected argument '%s'\n", argv[optind]);
		return -EINVAL;
	}
	if (a->name && !text_ifname_is_valid(a->name) && !text_ifname_is_template(a->name)) {
		if (errf)
			fprintf(errf, "umnet: tap add: '%s' is not a valid interface name or "
				"template (1-15 characters, no '/', ':' or spaces, at most one %%d)\n",
				a->name);
		return -EINVAL;
	}
	if (a->has_mac && a->tun) {
		if (errf)
			fprintf(errf, "umnet: tap add: --mac conflicts with --tun (a TUN device "
				"has no hardware address)\n");
		return -EINVAL;
	}
	return 0;
}

/* Set the netlink side of a new device; the caller undoes it on failure */
static int tap_add_link(struct nl *nl, const struct tapcli_add *a, const char *ifname,
			int master)
{
	struct nl_link_change c;
	int ifindex = nl_link_index(nl, ifname), ret;

	if (ifindex < 0) {
		cli_nl_err(nl, ifindex, "tap add: %s", ifname);
		return ifindex;
	}
	c = (struct nl_link_change)NL_LINK_CHANGE_INIT(ifindex);
	c.mtu = a->mtu;
	c.mac = a->has_mac ? a->mac : NULL;
	c.master = master ? master : -1;
	c.up = a->up ? 1 : -1;
	ret = nl_link_change(nl, &c);
	if (ret)
		cli_nl_err(nl, ret, "tap add: %s: setting%s%s%s%s", ifname,
			   a->mtu ? " MTU" : "", a->has_mac ? " MAC" : "",
			   master ? " master" : "", a->up ? " up" : "");
	return ret;
}

static int tap_add_dev(const struct tapcli_add *a, struct nl *nl, int master)
{
	unsigned flags = TUN_F_EXCL | (a->tun ? TUN_F_TUN : 0) |
			 (a->multi_queue ? TUN_F_MULTI_QUEUE : 0);
	char ifname[TUN_IFNAMSIZ];
	int fd, ret;

	fd = tun_clone_open(a->clone_dev, 0);
	if (fd < 0) {
		err("tap add: cannot open %s: %s", a->clone_dev ? a->clone_dev : TUN_CLONE_DEFAULT,
		    strerror(-fd));
		tap_explain_open("umnet", fd, a->clone_dev);
		return EXIT_FAILURE;
	}
	ret = tun_attach(fd, a->name, flags, ifname);
	if (ret) {
		err("tap add: %s: %s", a->name ? a->name : "(new device)", strerror(-ret));
		tap_explain_attach("umnet", ret, a->name, flags, "--tun");
		close(fd);
		return EXIT_FAILURE;
	}
	if (a->has_owner && (ret = tun_set_owner(fd, a->owner)))
		err("tap add: %s: setting owner %u: %s", ifname, a->owner, strerror(-ret));
	else if (a->has_group && (ret = tun_set_group(fd, a->group)))
		err("tap add: %s: setting group %u: %s", ifname, a->group, strerror(-ret));
	else if (!(ret = tap_add_link(nl, a, ifname, master)) &&
		 (ret = tun_set_persist(fd, true)))
		err("tap add: %s: making it persistent: %s", ifname, strerror(-ret));
	/* Not persistent yet on failure: closing removes the device */
	close(fd);
	if (ret)
		return EXIT_FAILURE;
	printf("%s\n", ifname);
	return EXIT_SUCCESS;
}

static int tap_add(int argc, char **argv)
{
	struct tapcli_add a;
	int master = 0, ret;
	struct nl *nl;

	ret = tapcli_add_parse(&a, argc, argv, stderr);
	if (ret)
		return ret > 0 ? EXIT_SUCCESS : EXIT_FAILURE;
	ret = nl_open(&nl);
	if (ret) {
		err("tap add: netlink: %s", strerror(-ret));
		return EXIT_FAILURE;
	}
	if (a.master && (master = nl_link_index(nl, a.master)) < 0) {
		cli_nl_err(nl, master, "tap add: bridge %s", a.master);
		nl_close(nl);
		return EXIT_FAILURE;
	}
	ret = tap_add_dev(&a, nl, master);
	nl_close(nl);
	return ret;
}

static int tap_del_one(struct nl *nl, const char *name, const char *clone_dev, bool force)
{
	struct nl_link l;
	unsigned flags;
	int fd, ret;

	ret = text_ifname_is_valid(name) ? nl_link_get(nl, 0, name, &l) : -EINVAL;
	if (ret) {
		cli_nl_err(nl, ret, "tap del: %s", name);
		return ret;
	}
	if (strcmp(l.kind, "tun") != 0) {
		err("tap del: %s is not a TUN/TAP device", name);
		return -EMEDIUMTYPE;
	}
	if (!l.tun.valid)
		tap_sysfs(&l);
	flags = (l.tun.is_tap ? 0 : TUN_F_TUN) | (l.tun.multi_queue ? TUN_F_MULTI_QUEUE : 0);
	fd = tun_clone_open(clone_dev, 0);
	ret = fd < 0 ? fd : tun_attach(fd, name, flags, NULL);
	if (ret == -EBUSY && force) {
		/* In use: netlink deletes it under the process holding it */
		ret = nl_link_del(nl, l.ifindex);
		if (ret)
			cli_nl_err(nl, ret, "tap del: %s", name);
	} else if (ret) {
		err("tap del: %s: %s", name, strerror(-ret));
		if (fd < 0)
			tap_explain_open("umnet", ret, clone_dev);
		else if (ret == -EBUSY)
			tap_hint("umnet", "%s is open in another process; --force deletes it anyway",
				 name);
		else
			tap_explain_attach("umnet", ret, name, flags, "--tun");
	} else if ((ret = tun_set_persist(fd, false))) {
		err("tap del: %s: clearing persistence: %s", name, strerror(-ret));
	}
	if (fd >= 0)
		close(fd);
	return ret;
}

static int tap_del(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'F' },
		{ "clone", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *clone_dev = NULL;
	bool force = false;
	struct nl *nl;
	int c, ret, status = EXIT_SUCCESS;

	optind = 0;
	while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		if (c == 'F')
			force = true;
		else if (c == 'f')
			clone_dev = optarg;
		else {
			tap_usage(c == 'h' ? stdout : stderr);
			return c == 'h' ? EXIT_SUCCESS : EXIT_FAILURE;
		}
	}
	if (optind >= argc) {
		err("tap del: which device?");
		return EXIT_FAILURE;
	}
	ret = nl_open(&nl);
	if (ret) {
		err("tap del: netlink: %s", strerror(-ret));
		return EXIT_FAILURE;
	}
	for (int i = optind; i < argc; i++)
		if (tap_del_one(nl, argv[i], clone_dev, force))
			status = EXIT_FAILURE;
	nl_close(nl);
	return status;
}

static const char *tap_type_name(const struct nl_link *l)
{
	return l->tun.is_tap ? "tap" : "tun";
}

static const char *tap_state_name(const struct nl_link *l)
{
	if (!(l->flags & IFF_UP))
		return "down";
	return (l->flags & IFF_LOWER_UP) ? "up" : "no-carrier";
}

/**
 * tapcli_link_json() - Write one TUN/TAP device as a JSON object
 * @f:		output
 * @l:		the device
 * @master:	name of its master, NULL if none
 */
void tapcli_link_json(FILE *f, const struct nl_link *l, const char *master)
{
	char mac[ADDR_MAC_STRLEN];

	fputs("{\"name\":", f);
	cli_json_str(f, l->name);
	fprintf(f, ",\"ifindex\":%d,\"type\":\"%s\"", l->ifindex, tap_type_name(l));
	if (l->tun.has_owner)
		fprintf(f, ",\"owner\":%u", l->tun.owner);
	else
		fputs(",\"owner\":null", f);
	if (l->tun.has_group)
		fprintf(f, ",\"group\":%u", l->tun.group);
	else
		fputs(",\"group\":null", f);
	fprintf(f, ",\"persist\":%s,\"multi_queue\":%s,\"pi\":%s,\"vnet_hdr\":%s,\"queues\":%u",
		l->tun.persist ? "true" : "false", l->tun.multi_queue ? "true" : "false",
		l->tun.pi ? "true" : "false", l->tun.vnet_hdr ? "true" : "false",
		l->tun.num_queues);
	fprintf(f, ",\"mtu\":%u,\"mac\":", l->mtu);
	if (l->has_mac) {
		addr_mac_format(l->mac, mac);
		cli_json_str(f, mac);
	} else {
		fputs("null", f);
	}
	fprintf(f, ",\"state\":\"%s\",\"operstate\":\"%s\",\"master\":", tap_state_name(l),
		nl_operstate_name(l->operstate));
	if (master)
		cli_json_str(f, master);
	else
		fputs("null", f);
	fputc('}', f);
}

/**
 * tapcli_link_text() - Write one TUN/TAP device as a row of `umnet tap list`
 * @f:		output
 * @l:		the device
 * @master:	name of its master, NULL if none
 */
void tapcli_link_text(FILE *f, const struct nl_link *l, const char *master)
{
	char owner[12] = "-", group[12] = "-", mac[ADDR_MAC_STRLEN] = "-";

	if (l->tun.has_owner)
		snprintf(owner, sizeof(owner), "%u", l->tun.owner);
	if (l->tun.has_group)
		snprintf(group, sizeof(group), "%u", l->tun.group);
	if (l->has_mac)
		addr_mac_format(l->mac, mac);
	fprintf(f, "%-15s %-4s %-10s %-10s %-7s %-3s %-5u %-17s %-10s %s\n", l->name,
		tap_type_name(l), owner, group, l->tun.persist ? "yes" : "no",
		l->tun.multi_queue ? "yes" : "no", l->mtu, mac, tap_state_name(l),
		master ? master : "-");
}

/* -j/--json and -h for list and show: -1 to go on, else an exit status */
static int tap_view_opts(int argc, char **argv, bool *json)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*json = false;
	optind = 0;
	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		if (c == 'j') {
			*json = true;
			continue;
		}
		tap_usage(c == 'h' ? stdout : stderr);
		return c == 'h' ? EXIT_SUCCESS : EXIT_FAILURE;
	}
	return -1;
}

static void tap_print(const struct snapshot *s, const char *only, bool json)
{
	bool first = true;

	if (json && !only)
		fputs("[", stdout);
	else if (!json)
		fputs("NAME            TYPE OWNER      GROUP      PERSIST MQ  MTU   "
		      "MAC               STATE      MASTER\n", stdout);
	for (size_t i = 0; i < s->n_links; i++) {
		const struct nl_link *l = &s->links[i], *m = snapshot_link(s, l->master);
		const char *master = m ? m->name : NULL;

		if (!tap_is_tun(l) || (only && strcmp(only, l->name) != 0))
			continue;
		if (json) {
			fputs(first ? "" : ",", stdout);
			tapcli_link_json(stdout, l, master);
		} else {
			tapcli_link_text(stdout, l, master);
		}
		first = false;
	}
	if (json)
		fputs(only ? "\n" : "]\n", stdout);
}

static int tap_view(int argc, char **argv, bool show)
{
	const struct nl_link *found;
	const char *only = NULL;
	struct snapshot s;
	struct nl *nl;
	int ret;
	bool json;

	ret = tap_view_opts(argc, argv, &json);
	if (ret >= 0)
		return ret;
	if (show && optind + 1 != argc) {
		err("tap show: which device? (one name)");
		return EXIT_FAILURE;
	}
	if (!show && optind != argc) {
		err("tap list: unexpected argument '%s'", argv[optind]);
		return EXIT_FAILURE;
	}
	if (show)
		only = argv[optind];
	ret = nl_open(&nl);
	if (ret) {
		err("tap %s: netlink: %s", show ? "show" : "list", strerror(-ret));
		return EXIT_FAILURE;
	}
	ret = snapshot_load(&s, nl, SNAPSHOT_LINKS, AF_UNSPEC);
	if (ret) {
		cli_nl_err(nl, ret, "tap %s", show ? "show" : "list");
		snapshot_free(&s);
		nl_close(nl);
		return EXIT_FAILURE;
	}
	for (size_t i = 0; i < s.n_links; i++)
		if (!strcmp(s.links[i].kind, "tun") && !s.links[i].tun.valid)
			tap_sysfs(&s.links[i]);
	found = snapshot_link_by_name(&s, only);
	ret = EXIT_SUCCESS;
	if (show && (!found || !tap_is_tun(found))) {
		err("tap show: no TUN/TAP device %s", only);
		ret = EXIT_FAILURE;
	} else {
		tap_print(&s, only, json);
	}
	snapshot_free(&s);
	nl_close(nl);
	return ret;
}

static int tap_list(int argc, char **argv)
{
	return tap_view(argc, argv, false);
}

static int tap_show(int argc, char **argv)
{
	return tap_view(argc, argv, true);
}

static const struct cli_cmd tap_cmds[] = {
	{ "add", tap_add, "create a persistent TUN/TAP device" },
	{ "del", tap_del, "delete TUN/TAP devices" },
	{ "list", tap_list, "list TUN/TAP devices" },
	{ "show", tap_show, "describe one TUN/TAP device" },
};

/**
 * tapcli_main() - `umnet tap COMMAND ...`
 * @argc:	argument count
 * @argv:	arguments, argv[0] = "tap"
 *
 * Return: exit status
 */
int tapcli_main(int argc, char **argv)
{
	const struct cli_cmd *cmd;

	if (argc < 2 || !strcmp(argv[1], "help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "--help")) {
		tap_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_FAILURE : EXIT_SUCCESS;
	}
	cmd = cli_cmd_find(tap_cmds, ARRAY_SIZE(tap_cmds), argv[1]);
	if (!cmd) {
		err("tap: unknown command '%s'; one of:", argv[1]);
		cli_cmds_print(stderr, tap_cmds, ARRAY_SIZE(tap_cmds));
		return EXIT_FAILURE;
	}
	return cmd->fn(argc - 1, argv + 1);
}
