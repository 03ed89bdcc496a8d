# The harness's QEMU: the "pc" machine, virtio-balloon, virtio-mem.
CONFIG_I440FX=y
CONFIG_VIRTIO_PCI=y
CONFIG_VIRTIO_BALLOON=y
CONFIG_VIRTIO_MEM=y
