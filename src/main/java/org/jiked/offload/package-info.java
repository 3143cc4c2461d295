/**
 * TUN offloads in userspace: the segmentation and checksum completion the kernel leaves to a TUN
 * device that announces TSO and checksum offload ({@code TUNSETOFFLOAD}), and the coalescing of
 * TCP segments into one large packet before it is written back (the receive side of the same
 * idea, GRO). Packets carry a {@code struct virtio_net_hdr} in front ({@link VirtioNetHeader});
 * see the kernel's include/uapi/linux/virtio_net.h and Documentation/networking/segmentation-offloads.rst.
 *
 * <p>Pure packet arithmetic on byte buffers: no I/O, no SA lookups. The ESP pump
 * ({@code org.jiked.esp.EspPump}) splits what it reads with {@link GsoSegmenter} before encrypting
 * each piece, and merges what it decrypted with {@link TcpCoalescer} before writing.
 */
package org.jiked.offload;
