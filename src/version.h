/* SPDX-License-Identifier: GPL-2.0-or-later */
/* version.h - the one place umnet's version is written */
#ifndef UMNET_VERSION_H
#define UMNET_VERSION_H

#ifndef UMNET_VERSION
#define UMNET_VERSION "0.1"
#endif

#endif /* UMNET_VERSION_H */
