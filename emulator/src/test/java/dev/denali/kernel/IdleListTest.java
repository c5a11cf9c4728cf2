package dev.denali.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The hibernator's idle list keeps the order of a LinkedHashSet that is told the same. */
class IdleListTest {
  /** ops: a VM number (0-7) and what happens to it: even goes idle, odd wakes. */
  @Property(tries = 300)
  void keepsTheOrderVmsWentIdleIn(
      @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 15) Integer> ops) {
    KernelVm[] vms = new KernelVm[8];
    for (int i = 0; i < vms.length; i++) {
      vms[i] = new KernelVm(i, null, VmOptions.defaults(), null, null);
    }
    IdleList list = new IdleList();
    LinkedHashSet<KernelVm> model = new LinkedHashSet<>();
    for (int op : ops) {
      KernelVm v = vms[op / 2];
      if (op % 2 == 0) {
        list.addLast(v);
        model.remove(v);
        model.add(v);
      } else {
        assertThat(list.remove(v)).isEqualTo(model.remove(v));
      }
      List<KernelVm> order = new ArrayList<>();
      for (KernelVm x = list.first(); x != null; x = IdleList.next(x)) {
        order.add(x);
      }
      assertThat(order).containsExactlyElementsOf(model);
      assertThat(list.size()).isEqualTo(model.size());
    }
  }
}
