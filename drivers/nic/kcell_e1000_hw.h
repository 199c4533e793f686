/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Intel 82540EM as kcell_e1000 programs it: the registers, bits and
 * descriptor layouts it uses, named as in the 8254x family's Software
 * Developer's Manual.  Only what the driver touches is here.
 */
#ifndef _KCELL_E1000_HW_H
#define _KCELL_E1000_HW_H

#include <linux/bits.h>
#include <linux/types.h>

#include <kcell/dma_lease.h>

/* General registers */
#define E1000_CTRL	0x00000	/* device control */
#define E1000_STATUS	0x00008	/* device status */
#define E1000_EERD	0x00014	/* EEPROM read */
#define E1000_ICR	0x000c0	/* interrupt cause read, cleared by reading */
#define E1000_ITR	0x000c4	/* interrupt throttling, in 256 ns units */
#define E1000_ICS	0x000c8	/* interrupt cause set */
#define E1000_IMS	0x000d0	/* interrupt mask set */
#define E1000_IMC	0x000d8	/* interrupt mask clear */
#define E1000_RCTL	0x00100	/* receive control */
#define E1000_TCTL	0x00400	/* transmit control */
#define E1000_TIPG	0x00410	/* transmit inter-packet gap */

/* Receive ring */
#define E1000_RDBAL	0x02800
#define E1000_RDBAH	0x02804
#define E1000_RDLEN	0x02808
#define E1000_RDH	0x02810
#define E1000_RDT	0x02818
#define E1000_RDTR	0x02820	/* receive delay timer */
#define E1000_RADV	0x0282c	/* receive absolute delay */

/* Transmit ring */
#define E1000_TDBAL	0x03800
#define E1000_TDBAH	0x03804
#define E1000_TDLEN	0x03808
#define E1000_TDH	0x03810
#define E1000_TDT	0x03818
#define E1000_TIDV	0x03820	/* transmit interrupt delay */

/* Statistics: 32-bit, cleared by reading */
#define E1000_CRCERRS	0x04000	/* CRC errors */
#define E1000_MPC	0x04010	/* missed packets: no room in the FIFO */
#define E1000_COLC	0x04028	/* collisions */
#define E1000_RLEC	0x04040	/* receive length errors */
#define E1000_RNBC	0x040a0	/* no receive descriptor was available */
#define E1000_RUC	0x040a4	/* undersized frames */
#define E1000_ROC	0x040ac	/* oversized frames */

/* Filters */
#define E1000_MTA	0x05200	/* multicast table: 128 32-bit words */
#define E1000_MTA_WORDS	128
#define E1000_RAL0	0x05400	/* receive address 0, low */
#define E1000_RAH0	0x05404	/* receive address 0, high */
#define E1000_RAH_AV	BIT(31)	/* address valid */

#define E1000_CTRL_FD		BIT(0)	/* full duplex */
#define E1000_CTRL_ASDE		BIT(5)	/* auto-speed detection */
#define E1000_CTRL_SLU		BIT(6)	/* set link up */
#define E1000_CTRL_RST		BIT(26)	/* device reset, self-clearing */
#define E1000_CTRL_VME		BIT(30)	/* VLAN tags stripped into descriptors */

#define E1000_STATUS_FD		BIT(0)
#define E1000_STATUS_LU		BIT(1)	/* link up */
#define E1000_STATUS_SPEED	GENMASK(7, 6)
#define E1000_STATUS_SPEED_100	BIT(6)
#define E1000_STATUS_SPEED_1000	BIT(7)

#define E1000_EERD_START	BIT(0)
#define E1000_EERD_DONE		BIT(4)
#define E1000_EERD_ADDR_SHIFT	8
#define E1000_EERD_DATA_SHIFT	16

/* The EEPROM's words 0x00-0x3f add up to this when its checksum is right. */
#define E1000_EEPROM_WORDS	0x40
#define E1000_EEPROM_SUM	0xbaba

/* Interrupt causes, the same bits in ICR, ICS, IMS and IMC */
#define E1000_ICR_TXDW		BIT(0)	/* a descriptor was written back */
#define E1000_ICR_LSC		BIT(2)	/* link status change */
#define E1000_ICR_RXSEQ		BIT(3)	/* receive sequence error */
#define E1000_ICR_RXDMT0	BIT(4)	/* receive descriptors running low */
#define E1000_ICR_RXO		BIT(6)	/* receiver overrun */
#define E1000_ICR_RXT0		BIT(7)	/* receive timer: frames arrived */

#define E1000_RCTL_EN		BIT(1)
#define E1000_RCTL_UPE		BIT(3)	/* unicast promiscuous */
#define E1000_RCTL_MPE		BIT(4)	/* multicast promiscuous */
#define E1000_RCTL_LPE		BIT(5)	/* long packets (above 1522 bytes) */
#define E1000_RCTL_BAM		BIT(15)	/* accept broadcast */
#define E1000_RCTL_BSIZE_2048	0	/* with BSEX clear */
#define E1000_RCTL_SECRC	BIT(26)	/* strip the Ethernet CRC */

#define E1000_TCTL_EN		BIT(1)
#define E1000_TCTL_PSP		BIT(3)	/* pad short packets */
#define E1000_TCTL_CT_SHIFT	4	/* collision threshold */
#define E1000_TCTL_COLD_SHIFT	12	/* collision distance */

/* Inter-packet gap for copper: IPGT 10, IPGR1 8, IPGR2 6 */
#define E1000_TIPG_COPPER	(10 | 8 << 10 | 6 << 20)

/*
 * Receive buffer size: what RCTL_BSIZE_2048 tells the device.  A frame
 * bigger than this (jumbo frames) spans several descriptors, the last one
 * marked EOP.
 */
#define E1000_RX_BUF_LEN	2048

/*
 * With RCTL_LPE clear the device drops frames longer than a VLAN-tagged
 * standard one, 1522 bytes without the FCS, so a buffer of this length
 * holds any frame it writes (as the in-tree e1000's
 * MAXIMUM_ETHERNET_VLAN_SIZE buffers do) only because the FCS is never
 * written: the driver always sets RCTL_SECRC, which strips it.
 */
#define E1000_RX_STD_BUF_LEN	1522

/*
 * The largest frame the 82540EM sends and receives, without FCS; jumbo
 * frames need RCTL_LPE.
 */
#define E1000_MAX_FRAME		16128
#define E1000_MAX_STD_FRAME	1518

/**
 * struct e1000_rx_desc - legacy receive descriptor
 * @addr: the buffer the device writes, set by the driver
 * @length: bytes written to the buffer, set by the device
 * @csum: packet checksum (unused)
 * @status: E1000_RXD_STAT_*, set by the device
 * @errors: E1000_RXD_ERR_*, set by the device
 * @special: VLAN tag (unused)
 *
 * @addr is a kcell_dma_le64_t: only a granted lease can fill it.
 */
struct e1000_rx_desc {
	kcell_dma_le64_t addr;
	__le16 length;
	__le16 csum;
	u8 status;
	u8 errors;
	__le16 special;
};

#define E1000_RXD_STAT_DD	BIT(0)	/* descriptor done */
#define E1000_RXD_STAT_EOP	BIT(1)	/* end of packet */

/*
 * CRC (bit 0), symbol (1), sequence (2), carrier extension (4) and RX data
 * (7) errors.  Not bit 5, TCPE, nor bit 6, IPE: checksum errors of a frame
 * that arrived whole, which the stack checks again.
 */
#define E1000_RXD_ERR_FRAME	(BIT(0) | BIT(1) | BIT(2) | BIT(4) | BIT(7))

/*
 * Transmit descriptors are the extended kind: a context descriptor sets the
 * checksum and segmentation offloads for the data descriptors after it.
 * Every kind is 16 bytes with the status byte at offset 12.
 */

/**
 * struct e1000_data_desc - transmit data descriptor
 * @addr: the buffer the device reads, set by the driver
 * @lower: length (bits 0-19) | E1000_TXD_DTYP_D | E1000_TXD_CMD_*
 * @status: E1000_TXD_STAT_*, set by the device
 * @popts: E1000_TXD_POPTS_*: checksums to insert
 * @special: VLAN tag (unused)
 *
 * @addr is a kcell_dma_le64_t: only a granted lease can fill it.
 */
struct e1000_data_desc {
	kcell_dma_le64_t addr;
	__le32 lower;
	u8 status;
	u8 popts;
	__le16 special;
};

/**
 * struct e1000_context_desc - transmit context descriptor
 * @ipcss: IP checksum start
 * @ipcso: IP checksum offset (where the device writes it)
 * @ipcse: IP checksum end, 0 for the end of the packet
 * @tucss: TCP/UDP checksum start
 * @tucso: TCP/UDP checksum offset
 * @tucse: TCP/UDP checksum end, 0 for the end of the packet
 * @cmd_len: TSO payload length (bits 0-19) | E1000_TXD_DTYP_C |
 *	E1000_TXD_CMD_*
 * @status: E1000_TXD_STAT_*, set by the device
 * @hdr_len: TSO: bytes of headers copied into every segment
 * @mss: TSO: payload bytes per segment
 */
struct e1000_context_desc {
	u8 ipcss;
	u8 ipcso;
	__le16 ipcse;
	u8 tucss;
	u8 tucso;
	__le16 tucse;
	__le32 cmd_len;
	u8 status;
	u8 hdr_len;
	__le16 mss;
};

#define E1000_TXD_DTYP_C	0		/* context descriptor */
#define E1000_TXD_DTYP_D	BIT(20)		/* data descriptor */
#define E1000_TXD_CMD_EOP	BIT(24)		/* end of packet */
#define E1000_TXD_CMD_TCP	BIT(24)		/* context: TCP, not UDP */
#define E1000_TXD_CMD_IFCS	BIT(25)		/* insert the FCS */
#define E1000_TXD_CMD_IP	BIT(25)		/* context: IPv4 */
#define E1000_TXD_CMD_TSE	BIT(26)		/* TCP segmentation */
#define E1000_TXD_CMD_RS	BIT(27)		/* report status: write DD */
#define E1000_TXD_CMD_DEXT	BIT(29)		/* extended descriptor */

#define E1000_TXD_POPTS_IXSM	BIT(0)		/* insert the IP checksum */
#define E1000_TXD_POPTS_TXSM	BIT(1)		/* insert the TCP/UDP one */

#define E1000_TXD_STAT_DD	BIT(0)		/* descriptor done */

/* The length fields of data and context descriptors have 20 bits. */
#define E1000_TXD_MAX_LEN	(BIT(20) - 1)

/* Ring lengths in bytes must be multiples of 128: 8 descriptors. */
#define E1000_RING_ALIGN	8

#endif /* _KCELL_E1000_HW_H */
