// SPDX-License-Identifier: GPL-2.0-or-later
/* tap-open.c - attach to a TUN/TAP device as the calling user, for the tests
 *
 * Usage: tap-open [-n] [-q] [-f CLONE] [-w] NAME
 *   -n        TUN instead of TAP
 *   -q        IFF_MULTI_QUEUE
 *   -f CLONE  clone device (default /dev/net/tun)
 *   -w        hold the device: print "open" and wait until stdin closes
 *
 * Exit status: 0 attached, 2 refused (EPERM or EACCES: not the owner or
 * group, or no access to the clone device), 1 any other failure. No umnet
 * code here: this is what an unprivileged guest (UML, QEMU) does.
 */

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *clone = "/dev/net/tun";
	int c, fd, flags = IFF_TAP | IFF_NO_PI, hold = 0;
	struct ifreq ifr;
	char byte;

	while ((c = getopt(argc, argv, "nqf:w")) != -1) {
		switch (c) {
		case 'n':
			flags = (flags & ~IFF_TAP) | IFF_TUN;
			break;
		case 'q':
			flags |= IFF_MULTI_QUEUE;
			break;
		case 'f':
			clone = optarg;
			break;
		case 'w':
			hold = 1;
			break;
		default:
			fprintf(stderr, "usage: tap-open [-n] [-q] [-f CLONE] [-w] NAME\n");
			return 1;
		}
	}
	if (optind + 1 != argc || strlen(argv[optind]) >= IFNAMSIZ) {
		fprintf(stderr, "usage: tap-open [-n] [-q] [-f CLONE] [-w] NAME\n");
		return 1;
	}
	fd = open(clone, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "tap-open: %s: %s\n", clone, strerror(errno));
		return errno == EACCES || errno == EPERM ? 2 : 1;
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = (short)flags;
	strncpy(ifr.ifr_name, argv[optind], IFNAMSIZ - 1);
	if (ioctl(fd, TUNSETIFF, &ifr)) {
		fprintf(stderr, "tap-open: TUNSETIFF %s: %s\n", argv[optind], strerror(errno));
		return errno == EACCES || errno == EPERM ? 2 : 1;
	}
	if (hold) {
		printf("open\n");
		fflush(stdout);
		while (read(STDIN_FILENO, &byte, 1) > 0)
			;
	}
	close(fd);
	return 0;
}
