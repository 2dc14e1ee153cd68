// SPDX-License-Identifier: GPL-2.0-or-later
/* helper.c - a safe uml_net: TAP devices and guest addresses for UML, under a policy
 *
 * DOC: Theory of operation
 *
 * UML's "ethN=tuntap,,,GATE" runs "uml_net 4 ..." from PATH with root
 * rights (docs/protocols.md has the protocol). This program is that helper,
 * installed setuid root (or with CAP_NET_ADMIN as a file capability) and
 * linked as uml_net. It is one straight line, and any refusal or failure
 * ends it with a reply to UML (UML waits for one: without it the guest
 * hangs) and a line on stderr, which UML shows:
 *
 *	1. forget the caller's environment, descriptors (but 0-2), signals,
 *	   umask and directory (helper_sanitize());
 *	2. find out who is asking (real uid, groups) and parse argv into one
 *	   request (helper_req_parse()): nothing else is accepted;
 *	3. read the policy (helper_policy_load()): no file means root may do
 *	   anything and everybody else nothing; a bad file refuses all; root
 *	   is bound by the file only if a block names root (user root, user 0,
 *	   or a group of root's);
 *	4. check the request against the policy (user, gateway, guest range);
 *	5. become the caller, keeping only CAP_NET_ADMIN (helper_priv_drop());
 *	6. check it against the host as it is (helper_host_*()): addresses in
 *	   use on the host or claimed by another guest are refused;
 *	7. act through ioctl, netlink and /proc/sys/net only (no shell, no
 *	   exec), undoing what was done if a later step fails; reply; exit.
 *
 * Refusals and actions go to syslog (LOG_AUTHPRIV) with the caller's uid.
 * Requests are not retried and nothing is cached: every call re-reads the
 * policy and the host state.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <syslog.h>
#include <unistd.h>

#include "core/addr.h"
#include "helper/helper.h"
#include "helper/host.h"
#include "helper/policy.h"
#include "helper/priv.h"
#include "helper/reply.h"
#include "helper/req.h"
#include "sys/log.h"
#include "sys/nl.h"
#include "sys/snapshot.h"
#include "sys/sysctl.h"
#include "sys/tun.h"
#include "sys/util.h"

#include "version.h"

#define HELPER_MSG_MAX		512

/**
 * struct helper - everything one run knows
 * @id:		the caller
 * @is_root:	the caller's real uid is 0: may change any TAP
 * @unrestricted: root, and no policy block names root: any address
 * @pol:	the policy (empty if there is no file)
 * @have_policy: a policy file exists
 * @path:	the policy file's path
 * @req:	the request
 * @desc:	the request as text, for logs
 * @who:	"uid N (name)", for logs
 * @kind:	what stdout is
 * @out:	log text for the reply
 * @nl:		netlink handle, once privileges are dropped
 * @snap:	host state
 */
struct helper {
	struct helper_ident id;
	bool is_root;
	bool unrestricted;
	struct helper_policy pol;
	bool have_policy;
	const char *path;
	struct helper_req req;
	char desc[96];
	char who[96];
	enum helper_stdout kind;
	struct helper_out out;
	struct nl *nl;
	struct snapshot snap;
};

static void usage(FILE *f, int status)
{
	fprintf(f,
		"Usage: umnet-helper 4 tuntap up [GATEWAY]\n"
		"       umnet-helper 4 add|del TAP ADDRESS NETMASK\n"
		"       umnet-helper 4 slip up [GATEWAY] | 4 slip down DEVICE\n"
		"       umnet-helper --check [POLICY-FILE]\n"
		"       umnet-helper --help | --version\n"
		"\n"
		"User-Mode Linux runs this program as uml_net for eth0=tuntap,,,GATEWAY:\n"
		"it makes a TAP device for the guest and routes the guest's addresses to\n"
		"it, as far as the policy (%s) allows. See umnet-helper(8).\n",
		UMNET_HELPER_CONF);
	exit(status);
}

/* Reply with what went wrong, log it, exit 1. @refused: the request was not
 * allowed (audit log), otherwise it failed
 */
static void __attribute__((format(printf, 3, 4), noreturn))
finish_fail(struct helper *h, bool refused, const char *fmt, ...)
{
	char msg[HELPER_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	/* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): va_start() above */
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	helper_out_add(&h->out, "umnet-helper: %s: %s", refused ? "refused" : "failed", msg);
	syslog(refused ? LOG_WARNING : LOG_ERR, "%s %s: %s: %s", refused ? "refused" : "failed",
	       h->desc, h->who, msg);
	err("%s %s: %s", refused ? "refused" : "failed", h->desc, msg);
	/* UML blocks until it has a reply: always send one (a person has
	 * the message on stderr already)
	 */
	if (h->kind == HELPER_STDOUT_DGRAM)
		helper_reply_tap(STDOUT_FILENO, NULL, &h->out, -1);
	else if (h->kind == HELPER_STDOUT_STREAM)
		helper_reply_text(STDOUT_FILENO, h->kind, &h->out);
	exit(EXIT_FAILURE);
}

static void __attribute__((noreturn)) finish_ok(struct helper *h)
{
	int ret;

	syslog(LOG_INFO, "%s: %s: done", h->desc, h->who);
	ret = helper_reply_text(STDOUT_FILENO, h->kind, &h->out);
	if (ret)
		err("%s: cannot reply: %s", h->desc, strerror(-ret));
	exit(ret ? EXIT_FAILURE : EXIT_SUCCESS);
}

static void describe(struct helper *h, int argc, char **argv)
{
	char a[ADDR_IP4_STRLEN], arg[24];
	const struct helper_req *r = &h->req;
	size_t n = 0;

	switch (r->op) {
	case HELPER_OP_TUNTAP_UP:
	case HELPER_OP_SLIP_UP:
		addr_ip4_format(r->gate, a);
		snprintf(h->desc, sizeof(h->desc), "%s%s%s", helper_op_name(r->op),
			 r->has_gate ? " " : "", r->has_gate ? a : "");
		return;
	case HELPER_OP_ADD:
	case HELPER_OP_DEL:
		addr_ip4_format(r->addr, a);
		snprintf(h->desc, sizeof(h->desc), "%s %s %s/%u", helper_op_name(r->op),
			 r->ifname, a, r->mask_plen);
		return;
	case HELPER_OP_SLIP_DOWN:
		snprintf(h->desc, sizeof(h->desc), "slip down %s", r->ifname);
		return;
	}
	/* Not parsed: the words, made printable and cut short */
	h->desc[0] = '\0';
	for (int i = 1; i < argc && argv[i] && n + 2 < sizeof(h->desc); i++) {
		helper_sanitize_text(argv[i], arg, sizeof(arg));
		n += (size_t)snprintf(h->desc + n, sizeof(h->desc) - n, "%s%s", i > 1 ? " " : "",
				      arg);
		if (n >= sizeof(h->desc))
			n = sizeof(h->desc) - 1;
	}
	if (!h->desc[0])
		snprintf(h->desc, sizeof(h->desc), "(no request)");
}

static void identify(struct helper *h)
{
	int ret = helper_ident_load(&h->id);

	h->is_root = h->id.who.uid == 0;
	if (h->id.who.user)
		snprintf(h->who, sizeof(h->who), "uid %u (%s)", h->id.who.uid, h->id.who.user);
	else
		snprintf(h->who, sizeof(h->who), "uid %u", h->id.who.uid);
	if (ret)
		finish_fail(h, false, "cannot read the groups of %s: %s", h->who, strerror(-ret));
}

/* Steps 3 and 4 for the user: may they use the helper at all? */
static void authorize(struct helper *h)
{
	char err[HELPER_ERR_MAX];
	int ret = helper_policy_load(h->path, &h->pol, err, sizeof(err));

	if (ret < 0)
		finish_fail(h, true, "policy not usable: %s", err);
	h->have_policy = ret == 0;
	if (h->is_root) {
		h->unrestricted = !helper_policy_allows_user(&h->pol, &h->id.who);
		return;
	}
	if (!h->have_policy)
		finish_fail(h, true, "no policy file %s: only root may use this helper", h->path);
	if (!helper_policy_allows_user(&h->pol, &h->id.who))
		finish_fail(h, true, "%s is not allowed to use this helper by %s", h->who,
			    h->path);
}

/* Step 5, then the netlink handle and the host's state */
static void drop_and_look(struct helper *h)
{
	int ret = helper_priv_drop(h->id.who.uid, h->id.gid, true);

	if (ret == -EPERM)
		finish_fail(h, false, "no CAP_NET_ADMIN: umnet-helper must be installed setuid "
			    "root or with 'setcap cap_net_admin+ep'");
	if (ret)
		finish_fail(h, false, "cannot drop privileges: %s", strerror(-ret));
	ret = nl_open(&h->nl);
	if (!ret)
		ret = snapshot_load(&h->snap, h->nl, SNAPSHOT_ALL, AF_INET);
	if (ret)
		finish_fail(h, false, "cannot read the host's network state: %s", strerror(-ret));
}

static struct addr_prefix prefix_v4(uint32_t addr, unsigned plen)
{
	struct addr_prefix p = { .family = AF_INET, .plen = plen };
	uint32_t be = htonl(addr);

	memcpy(p.addr, &be, sizeof(be));
	return p;
}

static const char *nl_why(const struct helper *h, int ret)
{
	const char *k = nl_last_error(h->nl);

	return *k ? k : strerror(-ret);
}

static void forward_on(struct helper *h)
{
	int ret;

	/* uml_net always did this; with a policy file only if it says so */
	if (h->have_policy && !h->pol.ip_forward)
		return;
	if (sysctl_ip_forward_get(AF_INET) == 1)
		return;
	ret = sysctl_ip_forward_set(AF_INET, true);
	if (ret)
		helper_out_add(&h->out, "umnet-helper: cannot turn on ip_forward: %s",
			       strerror(-ret));
	else
		helper_out_add(&h->out, "umnet-helper: ip_forward on");
}

/* tuntap up [GATE]: a TAP owned by the caller, GATE/32 on it, up */
static void __attribute__((noreturn)) do_tuntap_up(struct helper *h)
{
	const struct helper_req *r = &h->req;
	char why[HELPER_WHY_MAX], gate[ADDR_IP4_STRLEN], name[TUN_IFNAMSIZ];
	struct addr_prefix p = prefix_v4(r->gate, 32);
	int fd, ifindex, ret;

	addr_ip4_format(r->gate, gate);
	if (h->kind != HELPER_STDOUT_DGRAM)
		finish_fail(h, false, "stdout must be the datagram socket that UML passes");
	if (r->has_gate && !h->unrestricted &&
	    !helper_policy_allows_gateway(&h->pol, &h->id.who, r->gate))
		finish_fail(h, true, "gateway %s is not allowed for %s by %s", gate, h->who, h->path);
	/* Opened with our full rights, in case /dev/net/tun is not for all */
	fd = tun_clone_open(NULL, 0);
	if (fd < 0)
		finish_fail(h, false, "%s: %s", TUN_CLONE_DEFAULT, strerror(-fd));
	drop_and_look(h);
	if (r->has_gate && helper_host_check_gate(&h->snap, r->gate, why, sizeof(why)))
		finish_fail(h, true, "gateway %s: %s", gate, why);
	/* From here on, a failure closes the descriptor: the TAP goes away */
	ret = tun_attach(fd, NULL, 0, name);
	if (!ret)
		ret = tun_set_owner(fd, h->id.who.uid);
	if (ret)
		finish_fail(h, false, "cannot make a TAP: %s", strerror(-ret));
	ifindex = nl_link_index(h->nl, name);
	if (ifindex < 0)
		finish_fail(h, false, "%s: %s", name, strerror(-ifindex));
	if (r->has_gate && (ret = nl_addr_add(h->nl, ifindex, &p)))
		finish_fail(h, false, "%s: cannot add %s/32: %s", name, gate, nl_why(h, ret));
	ret = nl_link_set_up(h->nl, ifindex, true);
	if (ret)
		finish_fail(h, false, "%s: cannot bring it up: %s", name, nl_why(h, ret));
	helper_out_add(&h->out, "umnet-helper: %s: TAP for uid %u%s%s%s, up", name,
		       h->id.who.uid, r->has_gate ? ", gateway " : "", r->has_gate ? gate : "",
		       r->has_gate ? "/32" : "");
	forward_on(h);
	ret = helper_reply_tap(STDOUT_FILENO, name, &h->out, fd);
	if (ret) {
		err("%s: cannot hand the TAP to UML: %s", h->desc, strerror(-ret));
		exit(EXIT_FAILURE);
	}
	syslog(LOG_INFO, "%s: %s: made %s", h->desc, h->who, name);
	exit(EXIT_SUCCESS);
}

/* Checks shared by add and del: the TAP exists and is the caller's */
static const struct nl_link *own_tap(struct helper *h)
{
	const struct nl_link *l = snapshot_link_by_name(&h->snap, h->req.ifname);
	char why[HELPER_WHY_MAX];

	if (helper_host_check_tap(l, h->id.who.uid, h->is_root, why, sizeof(why)))
		finish_fail(h, true, "%s: %s", h->req.ifname, why);
	return l;
}

/**
 * struct undo - what add did, to take back if a later step fails
 * @route:	the route was added
 * @proxy_arp_was: proxy_arp on the TAP before (0/1), -1 if untouched
 * @n_neigh:	entries of @neigh published
 * @neigh:	interfaces with a published entry
 */
struct undo {
	bool route;
	int proxy_arp_was;
	int n_neigh;
	int neigh[HELPER_PROXY_IFACES_MAX];
};

static void undo_add(struct helper *h, const struct nl_link *tap, const struct undo *u)
{
	struct nl_route rt = { .dst = prefix_v4(h->req.addr, 32), .oif = tap->ifindex };

	for (int i = 0; i < u->n_neigh; i++)
		nl_neigh_proxy(h->nl, false, u->neigh[i], h->req.addr);
	if (u->proxy_arp_was == 0)
		sysctl_proxy_arp_set(tap->name, false);
	if (u->route)
		nl_route_del(h->nl, &rt);
}

static void publish(struct helper *h, const struct nl_link *tap, struct undo *u)
{
	int ifx[HELPER_PROXY_IFACES_MAX], n, ret;
	char a[ADDR_IP4_STRLEN], e[NL_ERRMSG_MAX];

	addr_ip4_format(h->req.addr, a);
	n = helper_host_proxy_ifaces(&h->snap, tap->ifindex, h->req.addr, ifx,
				     HELPER_PROXY_IFACES_MAX);
	for (int i = 0; i < n; i++) {
		const struct nl_link *l = snapshot_link(&h->snap, ifx[i]);

		ret = nl_neigh_proxy(h->nl, true, ifx[i], h->req.addr);
		if (ret) {
			snprintf(e, sizeof(e), "%s", nl_why(h, ret));	/* before undo talks */
			undo_add(h, tap, u);
			finish_fail(h, false, "cannot publish %s on %s: %s", a, l->name, e);
		}
		u->neigh[u->n_neigh++] = ifx[i];
		helper_out_add(&h->out, "umnet-helper: %s published on %s (proxy ARP)", a, l->name);
	}
}

/* add TAP ADDR MASK: route ADDR/32 to the TAP, proxy_arp on it, publish ADDR */
static void __attribute__((noreturn)) do_add(struct helper *h)
{
	const struct helper_req *r = &h->req;
	char why[HELPER_WHY_MAX], a[ADDR_IP4_STRLEN];
	struct undo u = { .proxy_arp_was = -1 };
	const struct nl_link *tap;
	struct nl_route rt;
	int ret;

	addr_ip4_format(r->addr, a);
	if (!h->unrestricted && !helper_policy_allows_guest(&h->pol, &h->id.who, r->addr))
		finish_fail(h, true, "%s is not in the guest addresses allowed for %s by %s", a,
			    h->who, h->path);
	drop_and_look(h);
	tap = own_tap(h);
	ret = helper_host_check_claim(&h->snap, tap->ifindex, r->addr, why, sizeof(why));
	if (ret < 0)
		finish_fail(h, true, "%s: %s", a, why);
	memset(&rt, 0, sizeof(rt));
	rt.dst = prefix_v4(r->addr, 32);
	rt.oif = tap->ifindex;
	if (ret == 0) {
		ret = nl_route_add(h->nl, &rt);
		/* The route is the claim: another helper may just have made it */
		if (ret == -EEXIST)
			finish_fail(h, true, "%s: claimed by another guest meanwhile", a);
		if (ret)
			finish_fail(h, false, "cannot route %s to %s: %s", a, tap->name,
				    nl_why(h, ret));
		u.route = true;
		helper_out_add(&h->out, "umnet-helper: route %s/32 dev %s", a, tap->name);
	} else {
		helper_out_add(&h->out, "umnet-helper: route %s/32 dev %s (already there)", a,
			       tap->name);
	}
	u.proxy_arp_was = sysctl_proxy_arp_get(tap->name);
	if (u.proxy_arp_was != 1) {
		ret = sysctl_proxy_arp_set(tap->name, true);
		if (ret) {
			undo_add(h, tap, &u);
			finish_fail(h, false, "cannot turn on proxy_arp on %s: %s", tap->name,
				    strerror(-ret));
		}
		helper_out_add(&h->out, "umnet-helper: proxy_arp on %s", tap->name);
	}
	publish(h, tap, &u);
	finish_ok(h);
}

/* del TAP ADDR MASK: undo add, if ADDR is routed to the caller's TAP */
static void __attribute__((noreturn)) do_del(struct helper *h)
{
	const struct helper_req *r = &h->req;
	int ifx[HELPER_PROXY_IFACES_MAX], n, ret;
	char a[ADDR_IP4_STRLEN];
	const struct nl_link *tap;
	struct nl_route rt;

	addr_ip4_format(r->addr, a);
	drop_and_look(h);
	tap = own_tap(h);
	if (!helper_host_is_claimed(&h->snap, tap->ifindex, r->addr)) {
		helper_out_add(&h->out, "umnet-helper: %s is not routed to %s: nothing to undo", a,
			       tap->name);
		finish_ok(h);
	}
	n = helper_host_proxy_ifaces(&h->snap, tap->ifindex, r->addr, ifx,
				     HELPER_PROXY_IFACES_MAX);
	for (int i = 0; i < n; i++) {
		const struct nl_link *l = snapshot_link(&h->snap, ifx[i]);

		ret = nl_neigh_proxy(h->nl, false, ifx[i], r->addr);
		if (ret == -ENOENT)
			continue;
		if (ret)
			helper_out_add(&h->out, "umnet-helper: cannot withdraw %s on %s: %s", a,
				       l->name, nl_why(h, ret));
		else
			helper_out_add(&h->out, "umnet-helper: %s withdrawn from %s", a, l->name);
	}
	memset(&rt, 0, sizeof(rt));
	rt.dst = prefix_v4(r->addr, 32);
	rt.oif = tap->ifindex;
	ret = nl_route_del(h->nl, &rt);
	if (ret && ret != -ESRCH)
		finish_fail(h, false, "cannot remove the route to %s: %s", a, nl_why(h, ret));
	helper_out_add(&h->out, "umnet-helper: route %s/32 dev %s removed", a, tap->name);
	/* proxy_arp stays on while other guest addresses use the TAP */
	if (!helper_host_tap_has_claims(&h->snap, tap->ifindex, r->addr) &&
	    sysctl_proxy_arp_get(tap->name) == 1) {
		ret = sysctl_proxy_arp_set(tap->name, false);
		helper_out_add(&h->out, "umnet-helper: proxy_arp off on %s%s%s", tap->name,
			       ret ? ": " : "", ret ? strerror(-ret) : "");
	}
	finish_ok(h);
}

/* Whether the host kernel has the SLIP line discipline:
 * /sys/module/slip exists when slip.ko is loaded, and also when SLIP is built in
 */
static bool slip_is_available(void)
{
	return access("/sys/module/slip", F_OK) == 0;
}

static void __attribute__((noreturn)) do_slip(struct helper *h)
{
	if (!slip_is_available())
		finish_fail(h, false, "the host kernel has no SLIP support (no /sys/module/slip; "
			    "the slip module is needed): use eth0=tuntap,,,GATEWAY instead");
	finish_fail(h, false, "SLIP is not supported by umnet-helper: use eth0=tuntap,,,GATEWAY "
		    "instead");
}

/* --check [FILE]: parse as the caller, with no privilege at all */
static int check_policy(int argc, char **argv, const char *path)
{
	static struct helper_policy pol;
	char emsg[HELPER_ERR_MAX];
	int ret;

	if (argc > 3)
		usage(stderr, EXIT_FAILURE);
	if (argc == 3)
		path = argv[2];
	ret = helper_priv_drop(getuid(), getgid(), false);
	if (ret) {
		err("cannot drop privileges: %s", strerror(-ret));
		return EXIT_FAILURE;
	}
	ret = helper_policy_load(path, &pol, emsg, sizeof(emsg));
	if (ret == 1) {
		err("%s: no such file (then only root may use the helper)", path);
		return EXIT_FAILURE;
	}
	if (ret) {
		err("%s", emsg);
		return EXIT_FAILURE;
	}
	helper_policy_print(&pol, stdout);
	return fflush(stdout) ? EXIT_FAILURE : EXIT_SUCCESS;
}

/**
 * helper_main() - umnet-helper, from its command line to its exit status
 * @argc:	argument count
 * @argv:	arguments as UML (or a person) gave them
 *
 * Return: exit status; most paths exit() from here after replying
 */
int helper_main(int argc, char **argv)
{
	static struct helper h;
	static char conf[PATH_MAX];
	char emsg[HELPER_MSG_MAX];
	const char *e;
	int ret;

	/* The policy path may be changed only by root (tests): read it before
	 * the environment goes
	 */
	h.path = UMNET_HELPER_CONF;
	e = getuid() == 0 ? getenv("UMNET_HELPER_CONF") : NULL;
	if (e && *e && strlen(e) < sizeof(conf))
		h.path = memcpy(conf, e, strlen(e) + 1);
	ret = helper_sanitize();
	log_init("umnet-helper", false);
	openlog("umnet-helper", LOG_PID, LOG_AUTHPRIV);
	if (ret) {
		err("cannot set up a clean process: %s", strerror(-ret));
		return EXIT_FAILURE;
	}
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
		usage(stdout, EXIT_SUCCESS);
	if (argc >= 2 && !strcmp(argv[1], "--version")) {
		printf("umnet-helper %s, uml_net protocol %s\n", UMNET_VERSION,
		       HELPER_PROTO_VERSION);
		return EXIT_SUCCESS;
	}
	if (argc >= 2 && !strcmp(argv[1], "--check"))
		return check_policy(argc, argv, h.path);

	h.kind = helper_stdout_kind();
	helper_out_init(&h.out);
	ret = helper_req_parse(argc, (const char *const *)argv, &h.req, emsg, sizeof(emsg));
	describe(&h, argc, argv);
	identify(&h);
	if (ret) {
		/* A person gets the usage; UML (a socket) a reply it waits for */
		if (h.kind == HELPER_STDOUT_OTHER) {
			err("%s", emsg);
			usage(stderr, EXIT_FAILURE);
		}
		finish_fail(&h, true, "usage: %s", emsg);
	}
	authorize(&h);
	switch (h.req.op) {
	case HELPER_OP_TUNTAP_UP:
		do_tuntap_up(&h);
	case HELPER_OP_ADD:
		do_add(&h);
	case HELPER_OP_DEL:
		do_del(&h);
	case HELPER_OP_SLIP_UP:
	case HELPER_OP_SLIP_DOWN:
		do_slip(&h);
	}
	finish_fail(&h, false, "unknown request");
}
