package dev.leti.runner;

import java.lang.reflect.Method;

/**
 * Reads the TFLite interpreter's execution plan length, which the Java API keeps package-private (both the
 * Android AAR's and DJL's interpreter have {@code int getExecutionPlanLength()} on the interpreter class or a
 * superclass). Reflection is confined here; failing it only makes the count unknown.
 */
public final class ExecutionPlan {
  private static final String METHOD = "getExecutionPlanLength";

  private ExecutionPlan() {}

  /** Nodes the interpreter executes, or -1 when this runtime does not say. */
  public static int length(Object interpreter) {
    for (Class<?> c = interpreter.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Method m = c.getDeclaredMethod(METHOD);
        m.setAccessible(true);
        return (Integer) m.invoke(interpreter);
      } catch (NoSuchMethodException e) {
        // look in the superclass
      } catch (ReflectiveOperationException | RuntimeException e) {
        return -1;
      }
    }
    return -1;
  }

  /**
   * Model operators a delegate took over, from the plan length: a delegate replaces the nodes it runs by one node
   * per partition, and TFLite's GPU delegate makes at most one partition by default. So a plan shorter than the
   * model means ops - plan + 1 delegated nodes; a plan as long as the model means none (a one-node partition
   * cannot be told apart from none and counts as 0).
   */
  public static int delegatedNodes(int modelOps, int planLength, boolean delegateApplied) {
    if (!delegateApplied) {
      return 0;
    }
    if (planLength < 0) {
      return -1;
    }
    return planLength < modelOps ? modelOps - planLength + 1 : 0;
  }
}
