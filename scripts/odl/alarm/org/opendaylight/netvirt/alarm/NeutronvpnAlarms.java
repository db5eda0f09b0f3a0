/*
 * dovs' own stand-in for the package org.opendaylight.netvirt.alarm (netvirt's alarm-impl 0.8.0 bundle, which was
 * never published to Maven Central). Written for dovs from the references that neutronvpn-impl 0.8.0 makes to it
 * (read with javap from NeutronvpnManager.class): a no-argument constructor, isAlarmEnabled()Z, and
 * raiseNeutronvpnAlarm / clearNeutronvpnAlarm (String, String)V. It reports alarms as disabled, so neutronvpn never
 * raises one; raise and clear only log, for the rare caller that does not check first.
 */
package org.opendaylight.netvirt.alarm;

import java.util.logging.Logger;

public class NeutronvpnAlarms {
    private static final Logger LOG = Logger.getLogger(NeutronvpnAlarms.class.getName());

    public NeutronvpnAlarms() {
    }

    /** Always false: this stand-in has no JMX alarm agent. */
    public boolean isAlarmEnabled() {
        return false;
    }

    public void raiseNeutronvpnAlarm(String alarmId, String text) {
        LOG.fine(() -> "alarm (not raised, no agent): " + alarmId + ": " + text);
    }

    public void clearNeutronvpnAlarm(String alarmId, String text) {
        LOG.fine(() -> "alarm (not cleared, no agent): " + alarmId + ": " + text);
    }
}
