// SPDX-License-Identifier: GPL-2.0-or-later
/* net-tcp.c - a LAN server that names its peers, and a client that holds one connection
 *
 *   net-tcp serve ADDR PORT   accept forever; to each client write "hello PEER\n"
 *                             (PEER: the source address seen), then echo its bytes
 *   net-tcp hold ADDR PORT    connect once; print the greeting; then for each line
 *                             on stdin send it and print the echo, until stdin ends.
 *                             Any socket error or a 5 s wait prints "ERROR ..." and
 *                             exits 1: the connection did not survive.
 *
 * The integration tests of umnet-net use it to see the source address the LAN
 * sees (NAT) and to keep one TCP connection open across `up` and `down`.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#define WAIT_MS	5000

static int addr_of(const char *ip, const char *port, struct sockaddr_in *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)atoi(port));
	return inet_pton(AF_INET, ip, &sa->sin_addr) == 1 ? 0 : -1;
}

static void serve_one(int fd, const struct sockaddr_in *peer)
{
	char buf[4096], a[INET_ADDRSTRLEN];
	ssize_t n;

	inet_ntop(AF_INET, &peer->sin_addr, a, sizeof(a));
	n = snprintf(buf, sizeof(buf), "hello %s\n", a);
	if (write(fd, buf, (size_t)n) != n)
		_exit(1);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (write(fd, buf, (size_t)n) != n)
			break;
	_exit(0);
}

static int serve(const struct sockaddr_in *sa)
{
	int one = 1, lfd = socket(AF_INET, SOCK_STREAM, 0);

	signal(SIGCHLD, SIG_IGN);	/* children reaped by the kernel */
	if (lfd < 0 || setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(lfd, (const struct sockaddr *)sa, sizeof(*sa)) || listen(lfd, 16)) {
		perror("net-tcp: serve");
		return 1;
	}
	printf("listening\n");
	fflush(stdout);
	for (;;) {
		struct sockaddr_in peer;
		socklen_t len = sizeof(peer);
		int fd = accept(lfd, (struct sockaddr *)&peer, &len);

		if (fd < 0) {
			if (errno == EINTR)
				continue;
			perror("net-tcp: accept");
			return 1;
		}
		if (fork() == 0) {
			/* A guest powered off never closes its end: go with the server */
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			close(lfd);
			serve_one(fd, &peer);
		}
		close(fd);
	}
}

/* Read exactly @len bytes within WAIT_MS */
static int read_full(int fd, char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (poll(&p, 1, WAIT_MS) != 1)
			return -ETIMEDOUT;
		n = read(fd, buf + got, len - got);
		if (n <= 0)
			return n < 0 ? -errno : -ECONNRESET;
		got += (size_t)n;
	}
	return 0;
}

static int read_line(int fd, char *buf, size_t size)
{
	size_t n = 0;

	while (n + 1 < size) {
		int ret = read_full(fd, buf + n, 1);

		if (ret)
			return ret;
		if (buf[n++] == '\n')
			break;
	}
	buf[n] = '\0';
	return 0;
}

static int hold(const struct sockaddr_in *sa)
{
	char line[512], echo[512];
	int ret, fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0 || connect(fd, (const struct sockaddr *)sa, sizeof(*sa))) {
		printf("ERROR connect: %s\n", strerror(errno));
		return 1;
	}
	ret = read_line(fd, line, sizeof(line));
	if (ret) {
		printf("ERROR greeting: %s\n", strerror(-ret));
		return 1;
	}
	fputs(line, stdout);
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin)) {
		size_t len = strlen(line);

		if (write(fd, line, len) != (ssize_t)len) {
			printf("ERROR send: %s\n", strerror(errno));
			return 1;
		}
		ret = read_full(fd, echo, len);
		if (ret) {
			printf("ERROR echo: %s\n", strerror(-ret));
			return 1;
		}
		echo[len] = '\0';
		printf("echo %s", echo);
		fflush(stdout);
	}
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in sa;

	if (argc != 4 || addr_of(argv[2], argv[3], &sa)) {
		fprintf(stderr, "usage: net-tcp serve|hold IPV4 PORT\n");
		return 2;
	}
	if (!strcmp(argv[1], "serve"))
		return serve(&sa);
	if (!strcmp(argv[1], "hold"))
		return hold(&sa);
	fprintf(stderr, "net-tcp: unknown mode '%s'\n", argv[1]);
	return 2;
}
