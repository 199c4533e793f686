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

/*
 * The configure command's parameters: 22 bytes (32 on the 82551), each a
 * set of bit fields the device reads as bytes, so they are built as bytes
 * (e100 declares them as C bit fields, whose order depends on the
 * compiler's endianness).  Byte N's bits as CFG<N>_*.
 */
#define KCELL_E100_CONFIG_LEN	32
#define CFG0_BYTE_COUNT		0x16	/* bytes in the block */
#define CFG0_BYTE_COUNT_D102	0x20
#define CFG1_RX_FIFO_LIMIT_8	0x08	/* bytes in the FIFO before DMA */
#define CFG3_MWI_ENABLE		0x01
#define CFG6_DIRECT_RX_DMA	0x02
#define CFG6_TNO_INTR		0x04	/* TCO statistics */
#define CFG6_STANDARD_TCB	0x10	/* 1=standard, 0=extended */
#define CFG6_STANDARD_STATS	0x20
#define CFG6_SAVE_BAD_FRAMES	0x80
#define CFG7_DISCARD_SHORT	0x01
#define CFG7_UNDERRUN_RETRY_3	0x06
#define CFG8_MII_MODE		0x01
#define CFG10_DEFAULT		0x2E	/* no source address insertion, 7-byte preamble */
#define CFG12_IFS_6		0x60	/* inter-frame spacing, x16 */
#define CFG14_IP_ADDR_HI	0xF2	/* ARP filter, unused */
#define CFG15_PROMISCUOUS	0x01
#define CFG15_DEFAULT		0x48
#define CFG17_FC_DELAY_HI	0x40
#define CFG18_TX_PADDING	0x02
#define CFG18_LONG_OK		0x08	/* VLAN-sized frames */
#define CFG18_DEFAULT		0xF0	/* priority flow control off */
#define CFG19_NO_MAGIC_PACKET	0x02
#define CFG19_FC_DISABLE	0x04	/* no transmitted flow control */
#define CFG19_FULL_DUPLEX_FORCE	0x40
#define CFG19_FULL_DUPLEX_PIN	0x80
#define CFG20_DEFAULT		0x3F	/* priority FC field in byte 31 */
#define CFG21_DEFAULT		0x05
#define CFG21_MULTICAST_ALL	0x08
#define CFG22_RX_D102_MODE	0x01

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
 *	(flexible mode) whose table is inside the block itself, and the
 *	place of a second one, which an extended block has there: zeroed
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
		u8 config[KCELL_E100_CONFIG_LEN];
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
			__le32 tbd2[2];
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
