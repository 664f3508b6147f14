package dev.swarm.node.doctor;

/** One thing {@code swarm doctor} looks at. A check that throws is reported as failed, with why. */
interface DoctorCheck {
    String name();

    CheckResult run();
}
