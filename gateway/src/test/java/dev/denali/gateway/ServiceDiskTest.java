package dev.denali.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.denali.kernel.Binary;
import dev.denali.kernel.Kernel;
import dev.denali.kernel.KernelConfig;
import dev.denali.kernel.KernelException;
import dev.denali.kernel.VmOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk image belongs to one VM: a service with one runs one instance, a second service (or VM)
 * cannot open an image in use, and scaling keeps the deploy's options instead of quietly making
 * VMs without the disk.
 */
class ServiceDiskTest {
  @TempDir Path dir;

  @Test
  void aDiskImageIsNeverSharedBetweenVms() throws Exception {
    Path image = dir.resolve("kv.img");
    Files.write(image, new byte[4 * 4096]);
    VmOptions withDisk = VmOptions.defaults().withDisk(image);
    try (Kernel kernel = Kernel.start(KernelConfig.defaults().withWorkers(1));
        Gateway gateway = Gateway.start(kernel, GatewayConfig.defaults().withPort(0)
            .withBind("127.0.0.1"))) {
      Binary b = kernel.load("kv", TestGuests.elf(TestGuests.DEAF));
      assertThatThrownBy(() -> gateway.deploy("kv", b, 2, withDisk, 0))
          .isInstanceOf(KernelException.class).hasMessageContaining("runs one instance");
      assertThat(kernel.list()).isEmpty();

      gateway.deploy("kv", b, 1, withDisk, 0);
      assertThatThrownBy(() -> gateway.scale("kv", 2))
          .isInstanceOf(KernelException.class).hasMessageContaining("runs one instance");
      assertThatThrownBy(() -> gateway.deploy("other", b, 1, withDisk, 0))
          .isInstanceOf(KernelException.class).hasMessageContaining("is in use by another VM");
      assertThat(kernel.list()).hasSize(1);

      gateway.remove("kv"); // its VM closes the image, and another may have it
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!kernel.list().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      gateway.deploy("other", b, 1, withDisk, 0);
      assertThat(gateway.service("other", true).vms()).hasSize(1);
    }
  }

  @Test
  void scalingMakesVmsAsTheDeploySaid() throws Exception {
    try (Kernel kernel = Kernel.start(KernelConfig.defaults().withWorkers(1));
        Gateway gateway = Gateway.start(kernel, GatewayConfig.defaults().withPort(0)
            .withBind("127.0.0.1"))) {
      Binary b = kernel.load("deaf", TestGuests.elf(TestGuests.DEAF));
      gateway.deploy("deaf", b, 1, VmOptions.defaults().withWeight(3), 0);
      gateway.scale("deaf", 3);
      for (int id : gateway.service("deaf", true).vms()) {
        assertThat(kernel.info(id).weight()).isEqualTo(3);
      }
    }
  }
}
