/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "host-firmware-profile.h"

#include "ns3/fatal-error.h"

namespace ns3
{
namespace lpwa
{

namespace
{

/// Build the four profiles (real-clients.md; the rest is documented as assumption in doc/).
std::vector<HostFirmwareProfile>
MakeProfiles()
{
    std::vector<HostFirmwareProfile> all(4);

    HostFirmwareProfile& t = all[HostFirmwareProfile::TINYGSM];
    t.driver = HostFirmwareProfile::TINYGSM;
    t.name = "tinygsm";
    t.connectId = 0;
    t.sslContext = 0;
    t.openContext = 1;                  // configures context 0, opens on context 1 (sic)
    t.commandTimeout = Seconds(5);      // AT+QSSLCFG (5 s)
    t.pdpTimeout = Seconds(150);        // AT+QIACT=1 (150 s)
    t.openTimeout = Seconds(150);       // +QSSLOPEN (150 s)
    t.sendTimeout = Seconds(1);         // '>' (1 s), SEND OK (1 s)
    t.closeTimeout = Seconds(15);       // AT+QSSLCLOSE (15 s)
    t.pollInterval = MilliSeconds(500); // assumption: TinyGSM checks the modem every 500 ms
    t.echoOff = true;

    HostFirmwareProfile& z = all[HostFirmwareProfile::ZEPHYR_BG9X];
    z.driver = HostFirmwareProfile::ZEPHYR_BG9X;
    z.name = "zephyr-bg9x";
    z.connectId = 1;
    z.sslContext = 1;
    z.openContext = 1;
    z.commandTimeout = Seconds(10);        // +QFUPL (10 s); assumption for the other commands
    z.pdpTimeout = Seconds(150);           // assumption: as TinyGSM
    z.openTimeout = Seconds(10);           // gives up after 10 s although negotiatetime is 300 s
    z.sendTimeout = Seconds(10);           // assumption
    z.closeTimeout = Seconds(10);          // assumption
    z.sendPromptDelay = MilliSeconds(150); // does not wait for '>', sleeps 150 ms
    z.getErrorOnFailure = true;
    z.resolveFirst = true; // AT+QIDNSGIP, opens by IP address

    HostFirmwareProfile& e = all[HostFirmwareProfile::ESP_ML307];
    e.driver = HostFirmwareProfile::ESP_ML307;
    e.name = "esp-ml307";
    e.oneMo = true;
    e.connectId = 0;
    e.sslContext = 0;
    e.commandTimeout = Seconds(1); // command timeout 1 s
    e.pdpTimeout = Seconds(10);    // assumption: as the other 10 s waits
    e.openTimeout = Seconds(10);   // +MIPOPEN (10 s)
    e.sendTimeout = Seconds(1);
    e.closeTimeout = Seconds(10); // AT+MIPSTATE (10 s); assumption for AT+MIPCLOSE
    e.maxChunk = 730;             // AT+MIPSEND in 730-byte chunks
    e.hexData = true;             // AT+MIPCFG="encoding",<id>,1,1
    e.echoOff = true;             // assumption

    HostFirmwareProfile& r = all[HostFirmwareProfile::RT_THREAD_ML307];
    r.driver = HostFirmwareProfile::RT_THREAD_ML307;
    r.name = "rt-thread-ml307";
    r.oneMo = true;
    r.connectId = 0;
    r.sslContext = 0;
    r.commandTimeout = Seconds(5); // assumption
    r.pdpTimeout = Seconds(10);    // assumption
    r.openTimeout = Seconds(10);   // AT+MIPOPEN waits 10 s
    r.sendTimeout = Seconds(5);    // assumption
    r.closeTimeout = Seconds(5);   // assumption
    r.echoOff = true;              // assumption (at_device drivers send ATE0)
    r.resolveFirst = true;         // AT+MDNSGIP, opens by IP address
    r.immediateRetries = 1;        // retries once after AT+MIPCLOSE
    return all;
}

} // namespace

const HostFirmwareProfile&
HostFirmwareProfile::Get(Driver driver)
{
    static const std::vector<HostFirmwareProfile> all = MakeProfiles();
    if (static_cast<size_t>(driver) >= all.size())
    {
        NS_FATAL_ERROR("ns3::lpwa::HostFirmwareProfile: Driver " << static_cast<int>(driver)
                                                                 << " unknown");
    }
    return all[driver];
}

std::vector<std::string>
HostFirmwareProfile::GetNames()
{
    return {"tinygsm", "zephyr-bg9x", "esp-ml307", "rt-thread-ml307"};
}

} // namespace lpwa
} // namespace ns3
