/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Intel 8255x as the driver sees it: the control/status registers,
 * and the structures the device reads and writes in memory.  From the
 * in-tree e100 driver (Copyright(c) 1999 - 2006 Intel Corporation), with
 * the address fields typed: a command block's link and buffer table, and
 * a receive frame descriptor's link, are kcell_dma_le32_t (the device
 * addresses 4 GiB), so that only an address from a lease or the ring
 * reaches them.
 */
#ifndef _KCELL_E100_HW_H
#define _KCELL_E100_HW_H

#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/types.h>

#include <kcell/dma_lease.h>

/* CSR (control/status registers), memory-mapped through BAR 0 */
struct kcell_e100_csr {
	struct {
		u8 status;
		u8 stat_ack;
		u8 cmd_lo;
		u8 cmd_hi;
		u32 gen_ptr;
	} scb;
	u32 port;
	u16 flash_ctrl;
	u8 eeprom_ctrl_lo;
	u8 eeprom_ctrl_hi;
	u32 mdi_ctrl;
	u32 rx_dma_count;
};

enum kcell_e100_mac {
	mac_82557_D100_A  = 0,
	mac_82557_D100_C  = 2,
	mac_82558_D101_A4 = 4,
	mac_82559_D101M   = 8,
	mac_82550_D102    = 12,
	mac_82551_F       = 15,
	mac_82551_10      = 16,
	mac_unknown       = 0xFF,
};

enum scb_status {
	rus_no_res       = 0x08,
	rus_ready        = 0x10,
	rus_mask         = 0x3C,
};

enum scb_stat_ack {
	stat_ack_not_ours    = 0x00,
	stat_ack_sw_gen      = 0x04,
	stat_ack_rnr         = 0x10,
	stat_ack_cu_idle     = 0x20,
	stat_ack_frame_rx    = 0x40,
	stat_ack_cu_cmd_done = 0x80,
	stat_ack_not_present = 0xFF,
};

enum scb_cmd_hi {
	irq_mask_none = 0x00,
	irq_mask_all  = 0x01,
	irq_sw_gen    = 0x02,
};

enum scb_cmd_lo {
	cuc_nop        = 0x00,
	ruc_start      = 0x01,
	ruc_load_base  = 0x06,
	cuc_start      = 0x10,
	cuc_resume     = 0x20,
	cuc_dump_addr  = 0x40,
	cuc_dump_stats = 0x50,
	cuc_load_base  = 0x60,
	cuc_dump_reset = 0x70,
};

enum cuc_dump {
	cuc_dump_complete       = 0x0000A005,
	cuc_dump_reset_complete = 0x0000A007,
};

enum port {
	software_reset  = 0x0000,
	selftest        = 0x0001,
	selective_reset = 0x0002,
};

enum eeprom_ctrl_lo {
	eesk = 0x01,
	eecs = 0x02,
	eedi = 0x04,
	eedo = 0x08,
};

enum mdi_ctrl {
	mdi_write = 0x04000000,
	mdi_read  = 0x08000000,
	mdi_ready = 0x10000000,
};

enum eeprom_op {
	op_read  = 0x06,
};

enum cb_status {
	cb_complete = 0x8000,
	cb_ok       = 0x2000,
};

enum cb_command {
	cb_nop    = 0x0000,
	cb_iaaddr = 0x0001,
	cb_config = 0x0002,
	cb_multi  = 0x0003,
	cb_tx     = 0x0004,
	cb_tx_sf  = 0x0008,
	cb_tx_nc  = 0x0010,
	cb_cid    = 0x1f00,
	cb_i      = 0x2000,
	cb_s      = 0x4000,
	cb_el     = 0x8000,
};

/**
 * struct kcell_e100_rfd - receive frame descriptor, at the head of each
 *	receive buffer (the frame follows it)
 * @status: written by the device: cb_complete, cb_ok
 * @command: cb_el stops the receive unit here
 * @link: the next descriptor's bus address
 * @rbd: unused (all ones: simplified mode)
 * @actual_size: written by the device: bytes received, in bits 0-13
 * @size: bytes the device may write after the descriptor (0 with cb_el)
 */
struct kcell_e100_rfd {
	__le16 status;
	__le16 command;
	kcell_dma_le32_t link;
	__le32 rbd;
	__le16 actual_size;
	__le16 size;
};

#define KCELL_E100_RFD_BUF_LEN \
	(sizeof(struct kcell_e100_rfd) + VLAN_ETH_FRAME_LEN + ETH_FCS_LEN)

#if defined(__BIG_ENDIAN_BITFIELD)
#define X(a, b)	b, a
#else
#define X(a, b)	a, b
#endif
/* The configure command's parameters, bit by bit as the device reads them. */
struct kcell_e100_config {
/*0*/	u8 X(byte_count:6, pad0:2);
/*1*/	u8 X(X(rx_fifo_limit:4, tx_fifo_limit:3), pad1:1);
/*2*/	u8 adaptive_ifs;
/*3*/	u8 X(X(X(X(mwi_enable:1, type_enable:1), read_align_enable:1),
	   term_write_cache_line:1), pad3:4);
/*4*/	u8 X(rx_dma_max_count:7, pad4:1);
/*5*/	u8 X(tx_dma_max_count:7, dma_max_count_enable:1);
/*6*/	u8 X(X(X(X(X(X(X(late_scb_update:1, direct_rx_dma:1),
	   tno_intr:1), cna_intr:1), standard_tcb:1), standard_stat_counter:1),
	   rx_save_overruns:1), rx_save_bad_frames:1);
/*7*/	u8 X(X(X(X(X(rx_discard_short_frames:1, tx_underrun_retry:2),
	   pad7:2), rx_extended_rfd:1), tx_two_frames_in_fifo:1),
	   tx_dynamic_tbd:1);
/*8*/	u8 X(X(mii_mode:1, pad8:6), csma_disabled:1);
/*9*/	u8 X(X(X(X(X(rx_tcpudp_checksum:1, pad9:3), vlan_arp_tco:1),
	   link_status_wake:1), arp_wake:1), mcmatch_wake:1);
/*10*/	u8 X(X(X(pad10:3, no_source_addr_insertion:1), preamble_length:2),
	   loopback:2);
/*11*/	u8 X(linear_priority:3, pad11:5);
/*12*/	u8 X(X(linear_priority_mode:1, pad12:3), ifs:4);
/*13*/	u8 ip_addr_lo;
/*14*/	u8 ip_addr_hi;
/*15*/	u8 X(X(X(X(X(X(X(promiscuous_mode:1, broadcast_disabled:1),
	   wait_after_win:1), pad15_1:1), ignore_ul_bit:1), crc_16_bit:1),
	   pad15_2:1), crs_or_cdt:1);
/*16*/	u8 fc_delay_lo;
/*17*/	u8 fc_delay_hi;
/*18*/	u8 X(X(X(X(X(rx_stripping:1, tx_padding:1), rx_crc_transfer:1),
	   rx_long_ok:1), fc_priority_threshold:3), pad18:1);
/*19*/	u8 X(X(X(X(X(X(X(addr_wake:1, magic_packet_disable:1),
	   fc_disable:1), fc_restop:1), fc_restart:1), fc_reject:1),
	   full_duplex_force:1), full_duplex_pin:1);
/*20*/	u8 X(X(X(pad20_1:5, fc_priority_location:1), multi_ia:1), pad20_2:1);
/*21*/	u8 X(X(pad21_1:3, multicast_all:1), pad21_2:4);
/*22*/	u8 X(X(rx_d102_mode:1, rx_vlan_drop:1), pad22:6);
	u8 pad_d102[9];
};
#undef X

#define KCELL_E100_MAX_MULTICAST	64

/* The multicast setup command's parameters. */
struct kcell_e100_multi {
	__le16 count;
	u8 addr[KCELL_E100_MAX_MULTICAST * ETH_ALEN + 2];
};

/**
 * struct kcell_e100_cb - a command block, as the device reads it
 * @status: written by the device: cb_complete, cb_ok
 * @command: the command, and cb_s (suspend after it), cb_i, cb_el
 * @link: the next block's bus address
 * @u: the command's parameters; for a transmit, one buffer descriptor
 *	(flexible mode) whose table is inside the block itself
 *
 * Only what the device reads: the driver's own bookkeeping (the skb, the
 * lease of its buffer) is beside the ring, not in coherent memory.
 */
struct kcell_e100_cb {
	__le16 status;
	__le16 command;
	kcell_dma_le32_t link;
	union {
		u8 iaaddr[ETH_ALEN];
		struct kcell_e100_config config;
		struct kcell_e100_multi multi;
		struct {
			kcell_dma_le32_t tbd_array;
			__le16 tcb_byte_count;
			u8 threshold;
			u8 tbd_count;
			struct {
				kcell_dma_le32_t buf_addr;
				__le16 size;
				__le16 eol;
			} tbd;
		} tcb;
	} u;
};

/* The device's statistics dump. */
struct kcell_e100_stats {
	__le32 tx_good_frames, tx_max_collisions, tx_late_collisions,
		tx_underruns, tx_lost_crs, tx_deferred, tx_single_collisions,
		tx_multiple_collisions, tx_total_collisions;
	__le32 rx_good_frames, rx_crc_errors, rx_alignment_errors,
		rx_resource_errors, rx_overrun_errors, rx_cdt_errors,
		rx_short_frame_errors;
	__le32 fc_xmt_pause, fc_rcv_pause, fc_rcv_unsupported;
	__le16 xmt_tco_frames, rcv_tco_frames;
	__le32 complete;
};

/**
 * struct kcell_e100_mem - coherent memory the device writes on request
 * @selftest: the port self-test's result (16-byte aligned: the region
 *	starts on a page)
 * @stats: the statistics dump
 */
struct kcell_e100_mem {
	struct {
		__le32 signature;
		__le32 result;
	} selftest;
	struct kcell_e100_stats stats;
};

#endif /* _KCELL_E100_HW_H */
