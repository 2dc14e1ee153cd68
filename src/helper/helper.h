/* SPDX-License-Identifier: GPL-2.0-or-later */
/* helper.h - a safe uml_net: TAP devices and guest addresses for UML, under a policy */
#ifndef UMNET_HELPER_H
#define UMNET_HELPER_H

int helper_main(int argc, char **argv);

#endif /* UMNET_HELPER_H */
