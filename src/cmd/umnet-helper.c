// SPDX-License-Identifier: GPL-2.0-or-later
/* umnet-helper.c - UML's uml_net, safe: see src/helper/helper.c */

#include "helper/helper.h"

int main(int argc, char **argv)
{
	return helper_main(argc, argv);
}
