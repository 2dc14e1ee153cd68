// SPDX-License-Identifier: GPL-2.0-or-later
/* tunctl.c - umnet-tunctl under the name scripts call: `tunctl -b -u 1000` */

#include "cli/tapcli.h"
#include "sys/log.h"

int main(int argc, char **argv)
{
	log_init("tunctl", false);
	return tapcli_tunctl_main(argc, argv);
}
