// SPDX-License-Identifier: GPL-2.0-or-later
/* ctlcli.c - umnet-ctl's client side: one request to a switch, its answer to stdout
 *
 * One request per connection (docs/management.md): the words go to the
 * switch as one quoted line, checked here first with the switch's own
 * parser so that a typo fails without a switch. The switch answers "ok" or
 * "error: ...", then the output, which is copied to stdout. A capture's
 * output is a pcap stream, written whole records at a time so that an
 * interrupted capture still leaves a file every reader accepts.
 */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "cli/ctlcli.h"
#include "core/cmdparse.h"
#include "sys/sock.h"
#include "sys/util.h"

#define CTL_REPLY_TIMEOUT_S	10
#define PCAP_HDR_BYTES		24
#define PCAP_REC_BYTES		16
#define PCAP_MAX_RECORD		(PCAP_REC_BYTES + 262144)

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* A control socket or VDE directory leads to the management socket beside it */
static const char *resolve_sock(const char *path, char *buf, size_t len)
{
	struct stat st;
	size_t n = strlen(path), k = strlen(CMD_MGMT_SUFFIX);

	if (!stat(path, &st) && S_ISDIR(st.st_mode))
		return cmd_mgmt_path(path, true, buf, len) ? path : buf;
	if ((n < k || strcmp(path + n - k, CMD_MGMT_SUFFIX) != 0) &&
	    !cmd_mgmt_path(path, false, buf, len) && !stat(buf, &st) && S_ISSOCK(st.st_mode))
		return buf;
	return path;
}

static int ctl_connect(const char *path)
{
	int fd = sock_unix_connect(path, SOCK_STREAM);

	if (fd == -ENAMETOOLONG)
		fprintf(stderr, "umnet-ctl: %s: path too long for a unix socket\n", path);
	else if (fd < 0)
		fprintf(stderr, "umnet-ctl: cannot connect to %s: %s%s\n", path, strerror(-fd),
			fd == -ENOENT || fd == -ECONNREFUSED ? " (is umnet-switch running? -s names "
			"its socket)" : fd == -EACCES ? " (the socket's mode keeps you out; see "
			"umnet-switch --mgmt-mode)" : "");
	return fd;
}

/* Read the status line; Return: bytes after it left in @buf (moved to its start) */
static ssize_t read_status(int fd, char *buf, size_t size)
{
	size_t len = 0;
	char *nl;

	for (;;) {
		ssize_t n = read(fd, buf + len, size - 1 - len);

		if (n < 0 && errno == EINTR && !stop)
			continue;
		if (n <= 0) {
			fprintf(stderr, "umnet-ctl: %s\n", n < 0 && errno == EAGAIN ?
				"no reply from the switch" : "the switch closed the connection "
				"without a reply");
			return -1;
		}
		len += (size_t)n;
		buf[len] = '\0';
		nl = memchr(buf, '\n', len);
		if (nl)
			break;
		if (len >= size - 1) {
			fprintf(stderr, "umnet-ctl: malformed reply\n");
			return -1;
		}
	}
	*nl = '\0';
	if (!strncmp(buf, "error: ", 7)) {
		fprintf(stderr, "umnet-ctl: %s\n", buf + 7);
		return -1;
	}
	if (strcmp(buf, "ok") != 0) {
		fprintf(stderr, "umnet-ctl: unexpected reply '%.80s'\n", buf);
		return -1;
	}
	len -= (size_t)(nl + 1 - buf);
	memmove(buf, nl + 1, len);
	return (ssize_t)len;
}

static int copy_out(int fd, char *buf, size_t size, size_t have)
{
	for (;;) {
		int ret = have ? fd_write_all(STDOUT_FILENO, buf, have) : 0;
		ssize_t n;

		if (ret)
			return ret == -EPIPE ? 0 : -1;
		n = read(fd, buf, size);
		if (n < 0 && errno == EINTR && !stop)
			continue;
		if (n < 0) {
			fprintf(stderr, "umnet-ctl: reading the reply: %s\n", errno == EAGAIN ?
				"the switch stopped answering" : strerror(errno));
			return -1;
		}
		if (!n)
			return 0;
		have = (size_t)n;
	}
}

/* Write whole pcap records only; stop after @count records (0: no bound) */
static int capture_out(int fd, int out, char *buf, size_t size, size_t have,
		       unsigned long count)
{
	unsigned long records = 0;
	bool header = false;

	for (;;) {
		size_t off = 0;
		ssize_t n;

		for (;;) {
			uint32_t incl;
			size_t need = PCAP_HDR_BYTES;
			int ret;

			if (header) {
				if (have - off < PCAP_REC_BYTES)
					break;
				memcpy(&incl, buf + off + 8, sizeof(incl));
				if (incl > PCAP_MAX_RECORD - PCAP_REC_BYTES) {
					fprintf(stderr, "umnet-ctl: malformed capture stream\n");
					return -1;
				}
				need = PCAP_REC_BYTES + incl;
			}
			if (have - off < need)
				break;
			ret = fd_write_all(out, buf + off, need);
			if (ret)
				return ret == -EPIPE || stop ? 0 : -1;
			off += need;
			if (header && count && ++records >= count)
				return 0;
			header = true;
		}
		memmove(buf, buf + off, have - off);
		have -= off;
		if (stop)
			return 0;
		n = read(fd, buf + have, size - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "umnet-ctl: capture: %s\n", strerror(errno));
			return -1;
		}
		if (!n)
			return 0;	/* the switch ended it (port gone, shutdown) */
		have += (size_t)n;
	}
}

struct capture_opts {
	const char *file;
	unsigned long count;
};

/* Take -w and -c (ours) out of a capture command; the rest goes to the switch */
static int capture_args(int argc, char **argv, char **out, struct capture_opts *co)
{
	int n = 0;

	out[n++] = argv[0];
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-w") || !strcmp(argv[i], "-c") || !strcmp(argv[i], "-f")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "umnet-ctl: capture: %s needs an argument\n", argv[i]);
				return -1;
			}
			if (argv[i][1] == 'w') {
				co->file = argv[++i];
				continue;
			}
			if (argv[i][1] == 'f') {
				out[n++] = argv[i];
				out[n++] = argv[++i];
				continue;
			}
			if (argv[i][1] == 'c') {
				char *end;

				errno = 0;
				co->count = strtoul(argv[++i], &end, 10);
				if (*end || errno || !co->count || argv[i][0] == '-') {
					fprintf(stderr, "umnet-ctl: capture: -c needs a count of "
						"frames\n");
					return -1;
				}
				continue;
			}
		}
		out[n++] = argv[i];
	}
	return n;
}

static int build_request(bool json, int argc, char **argv, char *req, size_t len)
{
	size_t o = 0;

	if (json)
		o += (size_t)snprintf(req, len, "-j ");
	for (int i = 0; i < argc; i++) {
		int n = cmd_quote(argv[i], req + o, len - o - 1);

		if (n < 0) {
			fprintf(stderr, "umnet-ctl: %s\n", n == -EINVAL ? "arguments must be "
				"printable ASCII" : "request too long");
			return -1;
		}
		o += (size_t)n;
		req[o++] = i + 1 < argc ? ' ' : '\n';
	}
	req[o] = '\0';
	return (int)o;
}

/* The request line for the words (capture's -w and -c taken out into @co),
 * checked with the switch's own parser: a typo fails here, switch or not */
static int ctl_request(bool json, int argc, char **argv, char *req, size_t size,
		       struct capture_opts *co)
{
	static struct cmd cmd;
	char *words[CMD_MAX_ARGS + 1], err[CMD_ERR_BYTES];
	int nwords, len;

	if (argc > CMD_MAX_ARGS) {
		fprintf(stderr, "umnet-ctl: too many arguments\n");
		return -1;
	}
	if (!strcmp(argv[0], "capture")) {
		nwords = capture_args(argc, argv, words, co);
		if (nwords < 0)
			return -1;
	} else {
		memcpy(words, argv, (size_t)argc * sizeof(*argv));
		nwords = argc;
	}
	len = build_request(json, nwords, words, req, size);
	if (len >= 0 && cmd_parse((const uint8_t *)req, (size_t)len, &cmd, err, sizeof(err))) {
		fprintf(stderr, "umnet-ctl: %s\n", err);
		return -1;
	}
	return len;
}

/* Where a capture goes: -w FILE, or stdout if it is no terminal; -1 if neither */
static int capture_open_out(const struct capture_opts *co)
{
	int out = STDOUT_FILENO;

	if (co->file && strcmp(co->file, "-") != 0) {
		out = open(co->file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (out < 0)
			fprintf(stderr, "umnet-ctl: %s: %s\n", co->file, strerror(errno));
	} else if (isatty(STDOUT_FILENO)) {
		fprintf(stderr, "umnet-ctl: not writing a pcap stream to a terminal; use "
			"-w FILE, or pipe it: umnet-ctl capture -w - | tshark -r -\n");
		out = -1;
	}
	return out;
}

/**
 * ctlcli_run() - Send one request to a switch and copy its answer out
 * @sock:	management socket, control socket or VDE directory; NULL for
 *		$UMNET_MGMT, else the default
 * @json:	ask for JSON (-j)
 * @argc:	words of the request
 * @argv:	the words: COMMAND [ARGUMENTS]; capture's -w and -c are ours
 *
 * The request is checked with the switch's own parser first, so that a
 * typo fails without a switch.
 *
 * Return: exit status
 */
int ctlcli_run(const char *sock, bool json, int argc, char **argv)
{
	static char req[CMD_REQ_MAX_BYTES + 8], buf[2 * PCAP_MAX_RECORD];
	char pathbuf[SOCK_PATH_MAX];
	struct capture_opts co = { NULL, 0 };
	struct sigaction sa = { .sa_handler = on_signal };
	bool capture = !strcmp(argv[0], "capture");
	int fd, out = STDOUT_FILENO, len, ret;
	ssize_t have;

	if (!sock)
		sock = getenv("UMNET_MGMT");
	len = ctl_request(json, argc, argv, req, sizeof(req), &co);
	if (len < 0)
		return EXIT_FAILURE;
	if (capture) {
		out = capture_open_out(&co);
		if (out < 0)
			return EXIT_FAILURE;
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
	}
	signal(SIGPIPE, SIG_IGN);

	fd = ctl_connect(resolve_sock(sock ? sock : CTLCLI_DEFAULT_SOCK, pathbuf, sizeof(pathbuf)));
	if (fd < 0)
		return EXIT_FAILURE;
	if (!capture) {
		struct timeval tv = { .tv_sec = CTL_REPLY_TIMEOUT_S };

		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	}
	ret = fd_write_all(fd, req, (size_t)len);
	if (ret) {
		fprintf(stderr, "umnet-ctl: sending the request: %s\n", strerror(-ret));
		close(fd);
		return EXIT_FAILURE;
	}
	have = read_status(fd, buf, sizeof(buf));
	if (have < 0)
		ret = -1;
	else if (capture)
		ret = capture_out(fd, out, buf, sizeof(buf), (size_t)have, co.count);
	else
		ret = copy_out(fd, buf, sizeof(buf), (size_t)have);
	close(fd);
	if (out != STDOUT_FILENO && close(out)) {
		fprintf(stderr, "umnet-ctl: %s: %s\n", co.file, strerror(errno));
		ret = -1;
	}
	return ret ? EXIT_FAILURE : EXIT_SUCCESS;
}
