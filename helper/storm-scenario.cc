/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "storm-scenario.h"

#include "cellular-network-helper.h"
#include "host-firmware-helper.h"
#include "lpwa-module-helper.h"
#include "radio-energy-helper.h"
#include "test-pki-helper.h"

#include "ns3/boolean.h"
#include "ns3/cellular-registration.h"
#include "ns3/command-line.h"
#include "ns3/compute-resource.h"
#include "ns3/crypto-cost-model.h"
#include "ns3/dns-resolver.h"
#include "ns3/dns-server.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/host-firmware-profile.h"
#include "ns3/inet-socket-address.h"
#include "ns3/integer.h"
#include "ns3/ipv4-address-generator.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/module-profile.h"
#include "ns3/onemo-network-commands.h"
#include "ns3/quectel-network-commands.h"
#include "ns3/radio-cell-net-device.h"
#include "ns3/radio-energy-model.h"
#include "ns3/radio-technology.h"
#include "ns3/radio-ue-net-device.h"
#include "ns3/random-access-channel.h"
#include "ns3/random-variable-stream.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tls-config.h"
#include "ns3/tls-context.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaStormScenario");

namespace
{

/// Parse a whole decimal unsigned number in [lo, hi].
bool
ParseUnsigned(const std::string& name,
              const std::string& text,
              uint64_t lo,
              uint64_t hi,
              uint64_t& out,
              std::string& error)
{
    char* end = nullptr;
    errno = 0;
    const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
    if (text.empty() || text[0] == '-' || text[0] == '+' || *end != '\0' || errno != 0 || v < lo ||
        v > hi)
    {
        error = "--" + name + ": \"" + text + "\" is not a whole number in " + std::to_string(lo) +
                ".." + std::to_string(hi);
        return false;
    }
    out = v;
    return true;
}

/// Parse a finite number in [lo, hi].
bool
ParseNumber(const std::string& name,
            const std::string& text,
            double lo,
            double hi,
            double& out,
            std::string& error)
{
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !std::isfinite(v) || v < lo || v > hi)
    {
        std::ostringstream range;
        range << lo << ".." << hi;
        error = "--" + name + ": \"" + text + "\" is not a number in " + range.str();
        return false;
    }
    out = v;
    return true;
}

/// Split at commas.
std::vector<std::string>
Split(const std::string& text, char sep)
{
    std::vector<std::string> parts;
    std::string part;
    std::istringstream in(text);
    while (std::getline(in, part, sep))
    {
        parts.push_back(part);
    }
    if (!text.empty() && text.back() == sep)
    {
        parts.emplace_back();
    }
    return parts;
}

/// Parse "name:weight,name:weight" (weights > 0, normalised to sum 1).
bool
ParseWeights(const std::string& name,
             const std::string& text,
             std::vector<std::pair<std::string, double>>& out,
             std::string& error)
{
    out.clear();
    double total = 0;
    for (const std::string& item : Split(text, ','))
    {
        const size_t colon = item.rfind(':');
        double w = 0;
        char* end = nullptr;
        if (colon != std::string::npos)
        {
            w = std::strtod(item.c_str() + colon + 1, &end);
        }
        if (colon == std::string::npos || colon == 0 || end == item.c_str() + colon + 1 ||
            *end != '\0' || !(w > 0) || !std::isfinite(w))
        {
            error = "--" + name + ": \"" + item + "\" is not NAME:WEIGHT with a weight > 0 (in \"" +
                    text + "\")";
            return false;
        }
        for (const auto& [seen, weight] : out)
        {
            if (seen == item.substr(0, colon))
            {
                error = "--" + name + ": \"" + seen + "\" appears twice";
                return false;
            }
        }
        out.emplace_back(item.substr(0, colon), w);
        total += w;
    }
    if (out.empty())
    {
        error = "--" + name + ": empty";
        return false;
    }
    for (auto& [n, w] : out)
    {
        w /= total;
    }
    return true;
}

/// "%.6f" (outputs never depend on the locale or on stream state).
std::string
Fixed(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.6f", v);
    return buf;
}

/// Technology name a model uses for a --rat value ("" if it has no such radio).
std::string
TechnologyFor(const ModuleProfile& profile, const std::string& rat)
{
    const bool m1 = profile.IsRatSupported(ModuleProfile::CAT_M1);
    const bool nb2 = profile.IsRatSupported(ModuleProfile::CAT_NB2);
    const bool nb1 = profile.IsRatSupported(ModuleProfile::CAT_NB1);
    const bool cat1 = profile.IsRatSupported(ModuleProfile::LTE_CAT1);
    if (rat == "ltem" || (rat == "auto" && m1))
    {
        return m1 ? "Cat-M1" : "";
    }
    if (rat == "nbiot" || (rat == "auto" && (nb1 || nb2)))
    {
        return nb2 ? "Cat-NB2" : (nb1 ? "Cat-NB1" : "");
    }
    return cat1 ? "Cat-1" : "";
}

/// Index of the next item of a weighted round robin (exact proportions, deterministic).
size_t
NextWeighted(const std::vector<double>& weights, std::vector<uint64_t>& counts, uint64_t i)
{
    size_t best = 0;
    double bestGap = -1e300;
    for (size_t k = 0; k < weights.size(); ++k)
    {
        const double gap = weights[k] * static_cast<double>(i + 1) - static_cast<double>(counts[k]);
        if (gap > bestGap + 1e-12)
        {
            best = k;
            bestGap = gap;
        }
    }
    ++counts[best];
    return best;
}

/// Stop if a block of random streams ran into the next block (the layout fixes each part's
/// streams whatever the others use; see Build()).
void
CheckStreams(const char* part, int64_t first, int64_t used, int64_t next)
{
    if (first + used > next)
    {
        NS_FATAL_ERROR("ns3::lpwa::StormScenario::Build: the "
                       << part << " use " << used << " random streams from " << first << ", past "
                       << next);
    }
}

/// First random stream of each part (see the class description). The modules' block is the
/// largest: each module reserves 1001 streams (1000 for the TLS contexts and endpoints it
/// creates), 2.002 * 10^8 for the most devices (200 000).
constexpr int64_t kRadioStreams = 1000;
constexpr int64_t kModuleStreams = 1000000;
constexpr int64_t kFirmwareStreams = 1000000000;
constexpr int64_t kServerStreams = 2000000000;
constexpr int64_t kCoverageStream = 3000000000;

/// Most devices per server front-end node (see Build()).
constexpr uint32_t kDevicesPerFrontEnd = 50;

/// Devices per server node when --server-nodes is 0 (auto).
constexpr uint32_t kDevicesPerServerNode = 1000;
/// Most server nodes.
constexpr uint32_t kMaxServerNodes = 900;

} // namespace

uint32_t
StormScenario::Options::GetServerNodeCount() const
{
    if (serverNodes > 0)
    {
        return serverNodes;
    }
    const uint32_t nodes = (devices + kDevicesPerServerNode - 1) / kDevicesPerServerNode;
    return std::max<uint32_t>(1, std::min(nodes, kMaxServerNodes));
}

uint32_t
StormScenario::GetFrontEndCount(uint32_t devices, uint32_t machines)
{
    const uint32_t perMachine = (devices + machines - 1) / machines;
    return std::max<uint32_t>(1, (perMachine + kDevicesPerFrontEnd - 1) / kDevicesPerFrontEnd);
}

std::vector<std::pair<std::string, std::string>>
StormScenario::Options::GetParameters() const
{
    std::vector<std::pair<std::string, std::string>> p = {
        {"attach-spread", Fixed(attachSpread)},
        {"ce-mix", ceMix},
        {"cells", std::to_string(cells)},
        {"cert", cert},
        {"devices", std::to_string(devices)},
        {"driver", driver},
        {"duration", Fixed(duration)},
        {"mcl-mean", Fixed(mclMean)},
        {"mcu-speed", mcuSpeed},
        {"mcl-spread", Fixed(mclSpread)},
        {"message-period", Fixed(messagePeriod)},
        {"message-size", std::to_string(messageSize)},
        {"mix", mix},
        {"network", network},
        {"outage-duration", Fixed(outageDuration)},
        {"outage-start", Fixed(outageStart)},
        {"rat", rat},
        {"rate-limit", Fixed(rateLimit)},
        {"resumption", resumption ? "1" : "0"},
        {"retry", retry},
        {"retry-base", Fixed(retryBase)},
        {"retry-cap", Fixed(retryCap)},
        {"run", std::to_string(run)},
        {"seed", std::to_string(seed)},
        {"server-cores", std::to_string(serverCores)},
        {"server-idle-timeout", Fixed(serverIdleTimeout)},
        {"server-nodes", std::to_string(GetServerNodeCount())},
    };
    return p;
}

StormScenario::StormScenario() = default;

StormScenario::~StormScenario() = default;

bool
StormScenario::ParseArguments(const std::vector<std::string>& args,
                              Options& options,
                              std::string& error)
{
    // Every option is read as text and checked here, so a bad value names its option.
    std::map<std::string, std::string> text;
    const std::vector<std::pair<std::string, std::string>> help = {
        {"devices", "number of devices (1..200000)"},
        {"mix", "model mix, MODEL:WEIGHT,... (e.g. BG95-M3:0.7,ML307R:0.3)"},
        {"rat", "radio: auto (each model's first of Cat-M1, NB-IoT, Cat.1), ltem, nbiot, cat1"},
        {"network", "network preset of every cell: live-robinson2019 or 3gpp-evaluation"},
        {"mcu-speed",
         "crypto speed bracket of every module's MCU: slow (EC operations 4x), nominal or fast"},
        {"mcl-mean", "mean maximum coupling loss, dB (normal distribution)"},
        {"mcl-spread", "standard deviation of the MCL, dB (0: every device at the mean)"},
        {"ce-mix", "coverage classes instead of MCL: CLASS:WEIGHT,... (e.g. 0:0.7,1:0.2,2:0.1)"},
        {"cells", "cells per radio technology in use (devices split round robin)"},
        {"server-nodes",
         "TLS server machines of the load-balanced farm (0: one per 1000 devices; devices are "
         "assigned round robin; a machine is reached at one network node per 50 devices)"},
        {"server-cores", "TLS server cores per machine"},
        {"rate-limit",
         "admission limit of the whole farm, new connections/s (0: none); each machine gets its "
         "devices' share"},
        {"server-idle-timeout",
         "servers close a connection that received nothing for this long, s (0: never)"},
        {"cert", "server certificate: rsa (RSA-2048) or ecdsa (P-256)"},
        {"resumption", "TLS session resumption on modules and server: 0 or 1"},
        {"driver",
         "host drivers, one per AT dialect: tinygsm|zephyr-bg9x for Quectel, "
         "esp-ml307|rt-thread-ml307 for OneMO (comma-separated)"},
        {"retry", "host retry policy: fixed, exponential or decorrelated"},
        {"retry-base", "retry base delay, s"},
        {"retry-cap", "retry maximum delay, s"},
        {"attach-spread", "power-on times (module and host) uniform in [0, this], s"},
        {"message-period", "time between two messages of a device, s"},
        {"message-size", "bytes per message"},
        {"outage-start", "cell outage start, simulated s"},
        {"outage-duration", "cell outage duration, s (0: no outage)"},
        {"duration", "simulated duration, s"},
        {"seed", "ns-3 RNG seed"},
        {"run", "ns-3 RNG run"},
        {"out-dir", "output directory"},
        {"progress", "progress on stderr at most once a second: 0 or 1"},
    };
    CommandLine cmd;
    cmd.Usage("The reconnection storm: devices connect over TLS through modelled cells, the "
              "cells fail, return, and the devices reconnect. Outputs in --out-dir.");
    // Shown as defaults by --help; a value equal to the default counts as not given.
    auto g = [](double v)
    {
        std::ostringstream os;
        os << v;
        return os.str();
    };
    text = {{"devices", std::to_string(options.devices)},
            {"mix", options.mix},
            {"rat", options.rat},
            {"network", options.network},
            {"mcu-speed", options.mcuSpeed},
            {"mcl-mean", g(options.mclMean)},
            {"mcl-spread", g(options.mclSpread)},
            {"ce-mix", options.ceMix},
            {"cells", std::to_string(options.cells)},
            {"server-nodes", std::to_string(options.serverNodes)},
            {"server-cores", std::to_string(options.serverCores)},
            {"rate-limit", g(options.rateLimit)},
            {"server-idle-timeout", g(options.serverIdleTimeout)},
            {"cert", options.cert},
            {"resumption", options.resumption ? "1" : "0"},
            {"driver", options.driver},
            {"retry", options.retry},
            {"retry-base", g(options.retryBase)},
            {"retry-cap", g(options.retryCap)},
            {"attach-spread", g(options.attachSpread)},
            {"message-period", g(options.messagePeriod)},
            {"message-size", std::to_string(options.messageSize)},
            {"outage-start", g(options.outageStart)},
            {"outage-duration", g(options.outageDuration)},
            {"duration", g(options.duration)},
            {"seed", std::to_string(options.seed)},
            {"run", std::to_string(options.run)},
            {"out-dir", options.outDir},
            {"progress", options.progress ? "1" : "0"}};
    const std::map<std::string, std::string> defaults = text;
    for (const auto& [name, h] : help)
    {
        cmd.AddValue(name, h, text[name]);
    }
    cmd.Parse(args);
    auto given = [&text, &defaults](const std::string& name)
    {
        return text[name] != defaults.at(name);
    };
    uint64_t u = 0;
    auto number = [&](const std::string& name, double lo, double hi, double& out)
    {
        return !given(name) || ParseNumber(name, text[name], lo, hi, out, error);
    };
    auto whole = [&](const std::string& name, uint64_t lo, uint64_t hi, auto& out)
    {
        if (!given(name))
        {
            return true;
        }
        if (!ParseUnsigned(name, text[name], lo, hi, u, error))
        {
            return false;
        }
        out = static_cast<std::remove_reference_t<decltype(out)>>(u);
        return true;
    };
    auto flag = [&](const std::string& name, bool& out)
    {
        if (!given(name))
        {
            return true;
        }
        if (text[name] != "0" && text[name] != "1")
        {
            error = "--" + name + ": \"" + text[name] + "\" is not 0 or 1";
            return false;
        }
        out = text[name] == "1";
        return true;
    };
    auto word = [&](const std::string& name, std::string& out)
    {
        if (given(name))
        {
            out = text[name];
        }
        return true;
    };
    const bool ok =
        whole("devices", 1, 200000, options.devices) && word("mix", options.mix) &&
        word("rat", options.rat) && word("network", options.network) &&
        word("mcu-speed", options.mcuSpeed) && number("mcl-mean", 0, 200, options.mclMean) &&
        number("mcl-spread", 0, 50, options.mclSpread) && word("ce-mix", options.ceMix) &&
        whole("cells", 1, 1000, options.cells) &&
        whole("server-nodes", 0, kMaxServerNodes, options.serverNodes) &&
        whole("server-cores", 1, 1024, options.serverCores) &&
        number("rate-limit", 0, 1e7, options.rateLimit) &&
        number("server-idle-timeout", 0, 1e7, options.serverIdleTimeout) &&
        word("cert", options.cert) && flag("resumption", options.resumption) &&
        word("driver", options.driver) && word("retry", options.retry) &&
        number("retry-base", 0.001, 86400, options.retryBase) &&
        number("retry-cap", 0.001, 86400, options.retryCap) &&
        number("attach-spread", 0, 86400, options.attachSpread) &&
        number("message-period", 0.001, 86400, options.messagePeriod) &&
        whole("message-size", 1, 1460, options.messageSize) &&
        number("outage-start", 0, 1e7, options.outageStart) &&
        number("outage-duration", 0, 1e7, options.outageDuration) &&
        number("duration", 1, 1e7, options.duration) &&
        whole("seed", 1, 4294967295ULL, options.seed) && whole("run", 0, UINT64_MAX, options.run) &&
        word("out-dir", options.outDir) && flag("progress", options.progress);
    if (!ok)
    {
        return false;
    }
    if (given("mcl-mean") || given("mcl-spread"))
    {
        if (given("ce-mix"))
        {
            error = "--ce-mix and --mcl-mean/--mcl-spread are exclusive: give coverage classes "
                    "or an MCL distribution";
            return false;
        }
    }
    return Validate(options, error);
}

bool
StormScenario::Validate(Options& options, std::string& error)
{
    if (options.devices == 0)
    {
        error = "--devices: must be at least 1";
        return false;
    }
    if (!ParseWeights("mix", options.mix, options.models, error))
    {
        return false;
    }
    if (options.rat != "auto" && options.rat != "ltem" && options.rat != "nbiot" &&
        options.rat != "cat1")
    {
        error = "--rat: \"" + options.rat + "\" is not one of auto|ltem|nbiot|cat1";
        return false;
    }
    if (!NetworkPreset::CheckName("--network", options.network, error))
    {
        return false;
    }
    if (!CryptoCostModel::CheckSpeedName("--mcu-speed", options.mcuSpeed, error))
    {
        return false;
    }
    // Drivers: one per dialect.
    options.drivers.clear();
    for (const std::string& name : Split(options.driver, ','))
    {
        const std::vector<std::string> names = HostFirmwareProfile::GetNames();
        const auto it = std::find(names.begin(), names.end(), name);
        if (it == names.end())
        {
            error = "--driver: \"" + name + "\" is not one of tinygsm|zephyr-bg9x|esp-ml307|" +
                    "rt-thread-ml307";
            return false;
        }
        const auto& profile = HostFirmwareProfile::Get(
            static_cast<HostFirmwareProfile::Driver>(std::distance(names.begin(), it)));
        const std::string dialect = profile.oneMo ? "ONEMO" : "QUECTEL";
        if (options.drivers.count(dialect))
        {
            error = "--driver: two drivers for the " + dialect + " dialect (\"" + options.driver +
                    "\")";
            return false;
        }
        options.drivers[dialect] = name;
    }
    for (const auto& [model, weight] : options.models)
    {
        const ModuleProfile* profile = ModuleProfile::Find(model);
        if (!profile)
        {
            std::string all;
            for (const std::string& n : ModuleProfile::GetNames())
            {
                all += (all.empty() ? "" : ", ") + n;
            }
            error = "--mix: unknown model \"" + model + "\" (models: " + all + ")";
            return false;
        }
        if (TechnologyFor(*profile, options.rat).empty())
        {
            error = "--rat: " + model + " has no " + options.rat + " radio";
            return false;
        }
        const std::string dialect = ModuleProfile::DialectToString(profile->GetDialect());
        if (!options.drivers.count(dialect))
        {
            error = "--driver: no driver for " + model + " (" + dialect + " dialect) in \"" +
                    options.driver + "\"";
            return false;
        }
    }
    options.classes.clear();
    if (!options.ceMix.empty())
    {
        std::vector<std::pair<std::string, double>> classes;
        if (!ParseWeights("ce-mix", options.ceMix, classes, error))
        {
            return false;
        }
        for (const auto& [name, w] : classes)
        {
            uint64_t level = 0;
            if (!ParseUnsigned("ce-mix", name, 0, 2, level, error))
            {
                error = "--ce-mix: coverage class \"" + name + "\" is not 0, 1 or 2";
                return false;
            }
            options.classes.emplace_back(static_cast<uint32_t>(level), w);
        }
    }
    if (options.cert != "rsa" && options.cert != "ecdsa")
    {
        error = "--cert: \"" + options.cert + "\" is not rsa or ecdsa";
        return false;
    }
    if (options.retry != "fixed" && options.retry != "exponential" &&
        options.retry != "decorrelated")
    {
        error = "--retry: \"" + options.retry + "\" is not fixed, exponential or decorrelated";
        return false;
    }
    if (options.retryCap < options.retryBase)
    {
        error = "--retry-cap: " + Fixed(options.retryCap) + " s is below --retry-base " +
                Fixed(options.retryBase) + " s";
        return false;
    }
    if (options.outageStart + options.outageDuration > options.duration)
    {
        error = "--outage-start + --outage-duration (" +
                Fixed(options.outageStart + options.outageDuration) + " s) is after --duration (" +
                Fixed(options.duration) + " s)";
        return false;
    }
    if (std::floor(options.duration) != options.duration)
    {
        error = "--duration: \"" + Fixed(options.duration) + "\" is not a whole number of seconds";
        return false;
    }
    if (options.serverNodes > kMaxServerNodes)
    {
        error = "--server-nodes: " + std::to_string(options.serverNodes) + " is above " +
                std::to_string(kMaxServerNodes);
        return false;
    }
    if (options.serverNodes > options.devices)
    {
        error = "--server-nodes: " + std::to_string(options.serverNodes) + " server nodes for " +
                std::to_string(options.devices) + " devices";
        return false;
    }
    if (options.outDir.empty())
    {
        error = "--out-dir: empty";
        return false;
    }
    return true;
}

void
StormScenario::Build(const Options& options)
{
    if (m_built)
    {
        NS_FATAL_ERROR("ns3::lpwa::StormScenario::Build: called twice");
    }
    m_options = options;
    std::string error;
    if (!Validate(m_options, error))
    {
        NS_FATAL_ERROR("ns3::lpwa::StormScenario::Build: " << error);
    }
    m_built = true;
    const Options& o = m_options;
    RngSeedManager::SetSeed(o.seed);
    RngSeedManager::SetRun(o.run);

    // Models and technologies, device by device.
    const uint32_t n = o.devices;
    m_devices.resize(n);
    std::vector<double> weights;
    for (const auto& [model, w] : o.models)
    {
        weights.push_back(w);
    }
    std::vector<uint64_t> counts(weights.size(), 0);
    std::map<std::string, std::vector<uint32_t>> byTech; // technology -> devices
    for (uint32_t i = 0; i < n; ++i)
    {
        const std::string& model = o.models[NextWeighted(weights, counts, i)].first;
        const ModuleProfile* profile = ModuleProfile::Find(model);
        m_devices[i].model = model;
        m_devices[i].rat = TechnologyFor(*profile, o.rat);
        m_devices[i].driver = o.drivers.at(ModuleProfile::DialectToString(profile->GetDialect()));
        byTech[m_devices[i].rat].push_back(i);
    }

    // Radio: `cells` cells per technology, MCL from the distribution.
    m_nodes.Create(n);
    CellularNetworkHelper radio;
    radio.SetNetworkPreset(o.network);
    const uint32_t farm = o.GetServerNodeCount();
    const uint32_t frontEnds = GetFrontEndCount(n, farm);
    radio.SetServerCount(farm * frontEnds);
    Ptr<NormalRandomVariable> mcl = CreateObject<NormalRandomVariable>();
    mcl->SetAttribute("Mean", DoubleValue(o.mclMean));
    mcl->SetAttribute("Variance", DoubleValue(o.mclSpread * o.mclSpread));
    mcl->SetAttribute("Bound", DoubleValue(3 * o.mclSpread));
    radio.SetMclDistribution(mcl);
    Ptr<UniformRandomVariable> attach = CreateObject<UniformRandomVariable>();
    attach->SetAttribute("Min", DoubleValue(0));
    attach->SetAttribute("Max", DoubleValue(o.attachSpread));
    radio.SetAttachStart(attach);
    m_ues.assign(n, nullptr);
    // Fixes the MCL and attach-start streams before the first draw; every cell then draws the
    // next values of the same two streams. (The cells' and devices' own streams are assigned
    // once, after the last cell: reassigning them per cell cost O(cells x devices).)
    radio.AssignStreams(kRadioStreams);
    for (const auto& [tech, members] : byTech)
    {
        radio.SetTechnology(tech);
        for (uint32_t c = 0; c < o.cells; ++c)
        {
            NodeContainer nodes;
            std::vector<uint32_t> index;
            for (size_t k = c; k < members.size(); k += o.cells)
            {
                nodes.Add(m_nodes.Get(members[k]));
                index.push_back(members[k]);
            }
            if (nodes.GetN() == 0)
            {
                continue;
            }
            const uint32_t first = radio.GetDeviceCount();
            NetDeviceContainer devices = radio.Install(nodes);
            m_cells.push_back(radio.GetCell(radio.GetCellCount() - 1));
            for (uint32_t k = 0; k < devices.GetN(); ++k)
            {
                m_ues[index[k]] = DynamicCast<RadioUeNetDevice>(devices.Get(k));
                m_devices[index[k]].cell = m_cells.size() - 1;
                m_devices[index[k]].powerOn = radio.GetAttachStart(first + k);
            }
        }
    }
    CheckStreams("radio", kRadioStreams, radio.AssignStreams(kRadioStreams), kModuleStreams);
    if (!o.classes.empty())
    {
        Ptr<UniformRandomVariable> pick = CreateObject<UniformRandomVariable>();
        pick->SetStream(kCoverageStream);
        for (uint32_t i = 0; i < n; ++i)
        {
            const double u = pick->GetValue();
            double sum = 0;
            uint32_t level = o.classes.back().first;
            for (const auto& [c, w] : o.classes)
            {
                sum += w;
                if (u < sum)
                {
                    level = c;
                    break;
                }
            }
            const uint32_t max = m_ues[i]->GetCell()->GetTechnology().GetCoverageClassCount();
            m_ues[i]->SetAttribute("CoverageClass",
                                   IntegerValue(static_cast<int32_t>(std::min(level, max - 1))));
        }
    }
    for (uint32_t i = 0; i < n; ++i)
    {
        DoubleValue v;
        m_ues[i]->GetAttribute("Mcl", v);
        m_devices[i].mcl = v.Get();
        Ptr<Ipv4> ipv4 = m_nodes.Get(i)->GetObject<Ipv4>();
        m_addressToDevice[ipv4->GetAddress(1, 0).GetLocal().Get()] = i;
    }

    // The server farm: `farm` machines behind one name, as a load balancer (or a DNS
    // round robin) spreads a fleet over identical machines. Device i goes to machine i mod
    // farm. Every machine has --server-cores cores and its devices' share of the farm-wide
    // --rate-limit. A machine is reached at `frontEnds` network nodes (at most
    // kDevicesPerFrontEnd devices each; device i at front end (i / farm) mod frontEnds), all
    // served by the machine's one TlsServer (TlsServer::AddListeningNode), so cores,
    // admission bucket and session cache stay the machine's: ns-3's TCP demultiplexer
    // (Ipv4EndPointDemux) searches a list of all of a node's connections for every segment,
    // and short lists keep that search from dominating large runs. Each front end's DNS
    // server answers "tls.example" with its own address; each device's resolver asks its own.
    m_serverOf.resize(n);
    m_frontEndOf.resize(n);
    std::vector<uint32_t> perMachine(farm, 0);
    for (uint32_t i = 0; i < n; ++i)
    {
        m_serverOf[i] = i % farm;
        m_frontEndOf[i] = m_serverOf[i] * frontEnds + (i / farm) % frontEnds;
        ++perMachine[m_serverOf[i]];
    }
    m_pki = std::make_unique<TestPkiHelper>(1);
    const TestPkiHelper::KeyType key =
        o.cert == "ecdsa" ? TestPkiHelper::ECDSA_P256 : TestPkiHelper::RSA_2048;
    TlsConfig config;
    config.role = TlsConfig::Role::SERVER;
    config.certChainPem = m_pki->GetServerChainPem(TestPkiHelper::VALID, key);
    config.keyPem = m_pki->GetServerKeyPem(TestPkiHelper::VALID, key);
    config.sessionResumption = o.resumption;
    config.tickets = o.resumption;
    int64_t stream = kServerStreams;
    for (uint32_t node = 0; node < farm * frontEnds; ++node)
    {
        Ptr<DnsServer> dns = CreateObject<DnsServer>();
        dns->AddRecord("tls.example", radio.GetServerAddress(node));
        radio.GetServer(node)->AddApplication(dns);
    }
    for (uint32_t k = 0; k < farm; ++k)
    {
        Ptr<Node> serverNode = radio.GetServer(k * frontEnds);
        Ptr<TlsServer> server = CreateObject<TlsServer>();
        for (uint32_t f = 1; f < frontEnds; ++f)
        {
            server->AddListeningNode(radio.GetServer(k * frontEnds + f));
        }
        server->SetAttribute("Port", UintegerValue(443));
        server->SetAttribute("Cores", UintegerValue(o.serverCores));
        server->SetAttribute("MaxNewConnectionsPerSecond",
                             DoubleValue(o.rateLimit * perMachine[k] / n));
        server->SetAttribute("IdleTimeout", TimeValue(Seconds(o.serverIdleTimeout)));
        server->GetContext()->SetAttribute("TicketsEnabled", BooleanValue(o.resumption));
        server->SetConfig(config);
        stream += server->AssignStreams(stream);
        serverNode->AddApplication(server);
        server->TraceConnectWithoutContext("HandshakeStarted",
                                           MakeCallback(&StormScenario::OnHandshakeStarted, this));
        server->TraceConnectWithoutContext(
            "HandshakeCompleted",
            MakeCallback(&StormScenario::OnHandshakeCompleted, this));
        server->TraceConnectWithoutContext("HandshakeFailed",
                                           MakeCallback(&StormScenario::OnHandshakeFailed, this));
        server->TraceConnectWithoutContext("ConnectionRefused",
                                           MakeCallback(&StormScenario::OnRefused, this));
        m_servers.push_back(server);
    }
    CheckStreams("TLS servers", kServerStreams, stream - kServerStreams, kCoverageStream);

    // Modules and their host firmware.
    CryptoCostModel::Speed mcuSpeed = CryptoCostModel::NOMINAL;
    CryptoCostModel::ParseSpeedName(m_options.mcuSpeed, mcuSpeed);
    m_modules.resize(n);
    m_mcuTotal.assign(n, 0);
    m_mcuAtStart.assign(n, 0);
    m_hs.assign(n, {});
    m_reconnect.assign(n, -1);
    const std::string caPem = m_pki->GetCaPem(key);
    for (uint32_t i = 0; i < n; ++i)
    {
        LpwaModuleHelper modules;
        modules.SetModuleAttribute("Profile", StringValue(m_devices[i].model));
        modules.SetModuleAttribute("McuSpeed", EnumValue(mcuSpeed));
        m_modules[i] = modules.Install(m_nodes.Get(i));
        m_modules[i]->GetResolver()->SetServer(radio.GetServerAddress(m_frontEndOf[i]));
        Ptr<CellularRegistration> registration;
        if (auto quectel = m_modules[i]->GetCommandSet<QuectelNetworkCommands>())
        {
            registration = quectel->GetRegistration();
        }
        else if (auto onemo = m_modules[i]->GetCommandSet<OneMoNetworkCommands>())
        {
            registration = onemo->GetRegistration();
        }
        if (registration)
        {
            // NITZ sets the module clock inside the test certificates' validity.
            registration->SetAttribute("NetworkTime", StringValue("26/06/01,00:00:00+00"));
        }
        m_modules[i]->GetMcu()->TraceConnectWithoutContext(
            "JobEnd",
            MakeBoundCallback(&StormScenario::OnMcuJob, this, i));
    }
    CheckStreams("modules",
                 kModuleStreams,
                 LpwaModuleHelper::AssignStreams(m_modules, kModuleStreams),
                 kFirmwareStreams);
    static const std::map<std::string, std::string> kinds = {
        {"fixed", "fixed"},
        {"exponential", "exponential-jitter"},
        {"decorrelated", "decorrelated-jitter"}};
    for (uint32_t i = 0; i < n; ++i)
    {
        HostFirmwareHelper firmware;
        firmware.SetAttribute("Driver", StringValue(m_devices[i].driver));
        firmware.SetAttribute("SessionResumption", BooleanValue(o.resumption));
        firmware.SetAttribute("CaCertificate", StringValue(caPem));
        firmware.SetAttribute("MessageSize", UintegerValue(o.messageSize));
        firmware.SetAttribute("MessagePeriod", TimeValue(Seconds(o.messagePeriod)));
        firmware.SetAttribute("MessageCount", UintegerValue(0));
        firmware.SetRetryPolicyAttribute("Kind", StringValue(kinds.at(o.retry)));
        firmware.SetRetryPolicyAttribute("BaseDelay", TimeValue(Seconds(o.retryBase)));
        firmware.SetRetryPolicyAttribute("MaxDelay", TimeValue(Seconds(o.retryCap)));
        ApplicationContainer app = firmware.Install(m_modules[i]);
        Ptr<Application> a = app.Get(0);
        // The host powers on with its module: a driver that switches the radio on itself
        // (zephyr's AT+CFUN=1) would otherwise attach the whole fleet at once.
        a->SetStartTime(m_devices[i].powerOn);
        a->TraceConnectWithoutContext("StateTransition",
                                      MakeBoundCallback(&StormScenario::OnState, this, i));
        a->TraceConnectWithoutContext("OpenStarted",
                                      MakeBoundCallback(&StormScenario::OnOpenStarted, this, i));
        a->TraceConnectWithoutContext("Connection",
                                      MakeBoundCallback(&StormScenario::OnRecord, this, i));
        m_firmware.Add(app);
    }
    CheckStreams("host firmware",
                 kFirmwareStreams,
                 HostFirmwareHelper::AssignStreams(m_firmware, kFirmwareStreams),
                 kServerStreams);
    m_firmware.Stop(Seconds(o.duration));

    // Energy: one source and one RadioEnergyModel per device.
    RadioEnergyHelper energy;
    m_energyModels = energy.Install(m_nodes);

    // The outage and the per-second sampler.
    if (o.outageDuration > 0)
    {
        Simulator::Schedule(Seconds(o.outageStart), &StormScenario::SetCellsAvailable, this, false);
        Simulator::Schedule(Seconds(o.outageStart + o.outageDuration),
                            &StormScenario::SetCellsAvailable,
                            this,
                            true);
    }
    for (uint32_t s = 1; s <= static_cast<uint32_t>(o.duration); ++s)
    {
        Simulator::Schedule(Seconds(s), &StormScenario::Sample, this);
    }
}

void
StormScenario::SetTick(std::function<void(uint32_t)> tick)
{
    m_tick = std::move(tick);
}

void
StormScenario::Run()
{
    if (!m_built)
    {
        NS_FATAL_ERROR("ns3::lpwa::StormScenario::Run: call Build() first");
    }
    // The firmware stops at `duration` (their stop events are scheduled at start, after the
    // sampler's), so the stop runs just before the end.
    Simulator::Stop(Seconds(m_options.duration) + NanoSeconds(1));
    Simulator::Run();
    m_events = Simulator::GetEventCount();
    m_serverCpu = 0;
    m_serverHandshakeCpu = 0;
    m_serverIdleClosed = 0;
    for (const auto& server : m_servers)
    {
        m_serverCpu += server->GetCpuBusyTime().GetSeconds();
        m_serverHandshakeCpu += server->GetHandshakeCpuTime().GetSeconds();
        m_serverIdleClosed += server->GetIdleClosedCount();
    }
    for (uint32_t k = 0; k < m_energyModels.GetN(); ++k)
    {
        Ptr<RadioEnergyModel> model = DynamicCast<RadioEnergyModel>(m_energyModels.Get(k));
        if (!model)
        {
            continue;
        }
        const std::vector<Time> times = model->GetTimePerState();
        const std::vector<double> joules = model->GetEnergyPerState();
        for (size_t s = 0; s < times.size() && s < joules.size(); ++s)
        {
            EnergyRow row;
            row.device = k;
            row.state = RadioEnergyModel::GetStateName(static_cast<RadioEnergyModel::State>(s));
            row.time = times[s].GetSeconds();
            row.energy = joules[s];
            m_energy.push_back(row);
        }
    }
    for (uint32_t i = 0; i < m_devices.size(); ++i)
    {
        m_devices[i].coverage = static_cast<int32_t>(m_ues[i]->GetCoverageClass());
    }
    for (auto& module : m_modules)
    {
        module->Dispose();
    }
    m_energyModels = DeviceEnergyModelContainer();
    m_servers.clear();
    m_firmware = ApplicationContainer();
    m_modules.clear();
    m_ues.clear();
    m_cells.clear();
    m_nodes = NodeContainer();
    Simulator::Destroy();
    Ipv4AddressGenerator::Reset();
}

void
StormScenario::OnState(StormScenario* self,
                       uint32_t device,
                       HostFirmware::State from,
                       HostFirmware::State to)
{
    if (from == HostFirmware::CONNECTED)
    {
        --self->m_connectedNow;
    }
    if (to == HostFirmware::CONNECTED)
    {
        ++self->m_connectedNow;
        const Options& o = self->m_options;
        if (o.outageDuration > 0 && self->m_reconnect[device] < 0 &&
            Simulator::Now() >= Seconds(o.outageStart + o.outageDuration))
        {
            self->m_reconnect[device] = Simulator::Now().GetSeconds();
            ++self->m_reconnectedNow;
        }
    }
}

void
StormScenario::OnOpenStarted(StormScenario* self, uint32_t device, uint32_t /* attempt */)
{
    self->m_mcuAtStart[device] = self->m_mcuTotal[device];
}

void
StormScenario::OnMcuJob(StormScenario* self, uint32_t device, Time work)
{
    self->m_mcuTotal[device] += work.GetSeconds();
}

void
StormScenario::OnRecord(StormScenario* self, uint32_t device, const HostFirmwareRecord& record)
{
    ConnectionRow row;
    row.device = device;
    row.record = record;
    row.ceLevel = static_cast<int32_t>(self->m_ues[device]->GetCoverageClass());
    row.runningAtEnd = Simulator::Now() >= Seconds(self->m_options.duration);
    row.moduleCrypto = self->m_mcuTotal[device] - self->m_mcuAtStart[device];
    // The server handshake of this attempt: the last one of this device that completed
    // between the attempt's start and end.
    auto& pending = self->m_hs[device];
    for (const ServerHandshake& hs : pending)
    {
        if (hs.time >= record.start && hs.time <= record.end)
        {
            row.serverCompleted = true;
            row.resumed = hs.resumed;
            row.handshake = hs.duration;
            row.queueWait = hs.queueWait;
        }
    }
    pending.erase(std::remove_if(pending.begin(),
                                 pending.end(),
                                 [&record](const ServerHandshake& hs)
                                 {
                                     return hs.time <= record.end;
                                 }),
                  pending.end());
    self->m_connections.push_back(row);
}

int32_t
StormScenario::DeviceOf(const Address& peer) const
{
    if (!InetSocketAddress::IsMatchingType(peer))
    {
        return -1;
    }
    const auto it = m_addressToDevice.find(InetSocketAddress::ConvertFrom(peer).GetIpv4().Get());
    return it == m_addressToDevice.end() ? -1 : static_cast<int32_t>(it->second);
}

void
StormScenario::OnHandshakeStarted(const Address& /* peer */)
{
    ++m_inProgress;
}

void
StormScenario::OnHandshakeCompleted(const Address& peer,
                                    bool resumed,
                                    Time duration,
                                    Time queueWait)
{
    --m_inProgress;
    ++m_current.completed;
    if (resumed)
    {
        ++m_current.resumedCount;
    }
    const int32_t device = DeviceOf(peer);
    if (device >= 0)
    {
        m_hs[device].push_back({Simulator::Now().GetSeconds(),
                                resumed,
                                duration.GetSeconds(),
                                queueWait.GetSeconds()});
    }
}

void
StormScenario::OnHandshakeFailed(const Address& /* peer */, TlsError error)
{
    --m_inProgress;
    ++m_current.failed;
    ++m_serverFailures[ToString(error)];
}

void
StormScenario::OnRefused(const Address& /* peer */)
{
    ++m_current.refused;
    ++m_refused;
}

void
StormScenario::SetCellsAvailable(bool up)
{
    NS_LOG_INFO("cells " << (up ? "up" : "down"));
    for (auto& cell : m_cells)
    {
        cell->SetAvailable(up);
    }
}

void
StormScenario::Sample()
{
    ++m_second;
    TimelineRow row = m_current;
    m_current = TimelineRow();
    row.second = m_second;
    row.connected = m_connectedNow;
    row.reconnected = m_reconnectedNow;
    row.inProgress = static_cast<uint32_t>(std::max<int64_t>(0, m_inProgress));
    uint64_t attempts = 0;
    uint64_t collisions = 0;
    for (const auto& cell : m_cells)
    {
        attempts += cell->GetRandomAccessChannel()->GetAttemptCount();
        collisions += cell->GetRandomAccessChannel()->GetCollisionCount();
    }
    row.raAttempts = attempts - m_raAttemptsSeen;
    row.raCollisions = collisions - m_raCollisionsSeen;
    m_raAttemptsSeen = attempts;
    m_raCollisionsSeen = collisions;
    for (const auto& ue : m_ues)
    {
        const auto s = ue->GetState();
        if (s != RadioUeNetDevice::DETACHED && s != RadioUeNetDevice::ATTACHING)
        {
            ++row.registered;
        }
    }
    Time busy;
    for (const auto& server : m_servers)
    {
        busy += server->GetCpuBusyTime();
    }
    row.cpuUtilisation = (busy - m_cpuSeen).GetSeconds() /
                         (static_cast<double>(m_options.serverCores) * m_servers.size());
    m_cpuSeen = busy;
    m_timeline.push_back(row);
    if (m_tick)
    {
        m_tick(m_second);
    }
}

const StormScenario::Options&
StormScenario::GetOptions() const
{
    return m_options;
}

const std::vector<StormScenario::ConnectionRow>&
StormScenario::GetConnections() const
{
    return m_connections;
}

const std::vector<StormScenario::TimelineRow>&
StormScenario::GetTimeline() const
{
    return m_timeline;
}

const std::vector<StormScenario::EnergyRow>&
StormScenario::GetEnergy() const
{
    return m_energy;
}

const std::vector<StormScenario::DeviceInfo>&
StormScenario::GetDevices() const
{
    return m_devices;
}

const std::vector<double>&
StormScenario::GetReconnectTimes() const
{
    return m_reconnect;
}

const std::map<std::string, uint32_t>&
StormScenario::GetServerFailures() const
{
    return m_serverFailures;
}

uint32_t
StormScenario::GetRefusedCount() const
{
    return m_refused;
}

double
StormScenario::GetServerCpuSeconds() const
{
    return m_serverCpu;
}

uint32_t
StormScenario::GetServerIdleClosedCount() const
{
    return m_serverIdleClosed;
}

double
StormScenario::GetServerHandshakeCpuSeconds() const
{
    return m_serverHandshakeCpu;
}

const std::vector<uint32_t>&
StormScenario::GetServerOfDevice() const
{
    return m_serverOf;
}

const std::vector<uint32_t>&
StormScenario::GetFrontEndOfDevice() const
{
    return m_frontEndOf;
}

ApplicationContainer
StormScenario::GetFirmware() const
{
    return m_firmware;
}

uint64_t
StormScenario::GetEventCount() const
{
    return m_events;
}

} // namespace lpwa
} // namespace ns3
