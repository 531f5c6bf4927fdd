/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_ONEMO_TEST_PROFILE_H
#define LPWA_ONEMO_TEST_PROFILE_H

// The OneMO model the OneMO command tests run on (header only, included by test .cc files).

#include "ns3/module-profile.h"

#include <string>

namespace ns3::lpwa::test
{

/**
 * \brief The name of a OneMO-dialect profile: the built-in ML307R when it is registered,
 * otherwise a test profile with the ML307 figures the OneMO command sets rely on (6 connect
 * IDs, PDP context IDs 1-8, 1460-byte transfers), registered on first use.
 * \return the profile name
 */
inline std::string
OneMoTestProfileName()
{
    const ModuleProfile* builtIn = ModuleProfile::Find("ML307R");
    if (builtIn && builtIn->GetDialect() == ModuleProfile::Dialect::ONEMO)
    {
        return builtIn->GetName();
    }
    const std::string name = "OneMO-Test-ML307";
    if (!ModuleProfile::Find(name))
    {
        ModuleProfile::Register(ModuleProfile()
                                    .SetName(name)
                                    .SetSeries("ML307")
                                    .SetDialect(ModuleProfile::Dialect::ONEMO)
                                    .SetDescription("OneMO command-set test profile")
                                    .SetRats(ModuleProfile::LTE_CAT1)
                                    .SetPdpContexts(1, 8, 2)
                                    .SetSocketCount(6)
                                    .SetMaxSslConnections(6)
                                    .SetSslContextCount(6)
                                    .SetSslVersions(ModuleProfile::TLS_1_2)
                                    .SetCipherSuites({0x002F})
                                    .SetTransferLimits(1460, 1460)
                                    .SetSocketReceiveBufferSize(10240)
                                    .SetMaxCommandLineLength(10240)
                                    .SetCommandProcessingTimeUs(2000)
                                    .SetMcuClass("cortex-m4-120mhz"));
    }
    return name;
}

} // namespace ns3::lpwa::test

#endif // LPWA_ONEMO_TEST_PROFILE_H
