// SPDX-License-Identifier: GPL-2.0-or-later
/* umnet-tunctl.c - persistent TUN/TAP devices, compatible with tunctl(8) */

#include "cli/tapcli.h"
#include "sys/log.h"

int main(int argc, char **argv)
{
	log_init("umnet-tunctl", false);
	return tapcli_tunctl_main(argc, argv);
}
