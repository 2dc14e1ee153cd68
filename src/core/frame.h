/* SPDX-License-Identifier: GPL-2.0-or-later */
/* frame.h - checked views of Ethernet frames: addresses, tags, sizes */
#ifndef UMNET_FRAME_H
#define UMNET_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define FRAME_ETH_ALEN		6
#define FRAME_ETH_HLEN		14	/* dst, src, ethertype: shorter is a runt */
#define FRAME_VLAN_HLEN		4
#define FRAME_TPID_8021Q	0x8100
#define FRAME_TPID_8021AD	0x88a8
/* Largest frame the switch carries. Unix datagrams and TAPs can exceed 64 KiB
 * only with GSO metadata, which plain frames never carry. */
#define FRAME_MAX_BYTES		65536

/**
 * frame_dst() - Destination MAC
 * @f:		frame, at least FRAME_ETH_HLEN bytes (checked by the caller once)
 *
 * Return: pointer to 6 bytes
 */
static inline const uint8_t *frame_dst(const uint8_t *f)
{
	return f;
}

/**
 * frame_src() - Source MAC
 * @f:		frame, at least FRAME_ETH_HLEN bytes
 *
 * Return: pointer to 6 bytes
 */
static inline const uint8_t *frame_src(const uint8_t *f)
{
	return f + FRAME_ETH_ALEN;
}

/**
 * frame_mac_is_multicast() - Group bit set (broadcast included)
 * @mac:	6 bytes
 *
 * Return: true for multicast and broadcast addresses
 */
static inline bool frame_mac_is_multicast(const uint8_t *mac)
{
	return mac[0] & 1;
}

/**
 * frame_mac_is_zero() - All-zero address
 * @mac:	6 bytes
 *
 * Return: true for 00:00:00:00:00:00
 */
static inline bool frame_mac_is_zero(const uint8_t *mac)
{
	return !(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]);
}

/**
 * frame_vlan() - 802.1Q/802.1ad VLAN ID of the outer tag
 * @f:		frame
 * @len:	its length
 *
 * Return: VLAN ID 1..4095, or 0 for an untagged frame (or priority tag)
 */
static inline uint16_t frame_vlan(const uint8_t *f, size_t len)
{
	uint16_t tpid;

	if (len < FRAME_ETH_HLEN + FRAME_VLAN_HLEN)
		return 0;
	tpid = (uint16_t)(f[12] << 8 | f[13]);
	if (tpid != FRAME_TPID_8021Q && tpid != FRAME_TPID_8021AD)
		return 0;
	return (uint16_t)((f[14] << 8 | f[15]) & 0x0fff);
}

#endif /* UMNET_FRAME_H */
