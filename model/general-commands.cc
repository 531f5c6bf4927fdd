/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "general-commands.h"

#include "at-engine.h"
#include "lpwa-module.h"
#include "module-identity.h"
#include "module-profile.h"
#include "onemo-network-commands.h"
#include "quectel-network-commands.h"
#include "radio-cell-net-device.h"
#include "radio-technology.h"
#include "radio-ue-net-device.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <algorithm>
#include <cmath>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaGeneralCommands");
NS_OBJECT_ENSURE_REGISTERED(GeneralCommands);

TypeId
GeneralCommands::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::GeneralCommands")
            .SetParent<AtCommandSet>()
            .SetGroupName("LpwaModem")
            .AddConstructor<GeneralCommands>()
            .AddAttribute("Imei",
                          "IMEI (15 digits with a valid Luhn digit); empty: Tac, the node ID "
                          "as serial number and its Luhn digit.",
                          StringValue(""),
                          MakeStringAccessor(&GeneralCommands::m_imei),
                          MakeStringChecker())
            .AddAttribute("Tac",
                          "Type allocation code of derived IMEIs (8 digits; reporting body 00 "
                          "is GSMA's test range).",
                          StringValue("00100100"),
                          MakeStringAccessor(&GeneralCommands::m_tac),
                          MakeStringChecker())
            .AddAttribute("Imsi",
                          "IMSI (6-15 digits); empty: Mcc, Mnc and the node ID as MSIN.",
                          StringValue(""),
                          MakeStringAccessor(&GeneralCommands::m_imsi),
                          MakeStringChecker())
            .AddAttribute("Iccid",
                          "ICCID (19-20 digits with a valid Luhn digit); empty: 89, Mcc, Mnc, "
                          "the node ID and its Luhn digit.",
                          StringValue(""),
                          MakeStringAccessor(&GeneralCommands::m_iccid),
                          MakeStringChecker())
            .AddAttribute("Mcc",
                          "Mobile country code of the network and the SIM (3 digits; 001: the "
                          "3GPP test PLMN).",
                          StringValue("001"),
                          MakeStringAccessor(&GeneralCommands::m_mcc),
                          MakeStringChecker())
            .AddAttribute("Mnc",
                          "Mobile network code (2 or 3 digits).",
                          StringValue("01"),
                          MakeStringAccessor(&GeneralCommands::m_mnc),
                          MakeStringChecker())
            .AddAttribute("OperatorLongName",
                          "Long alphanumeric operator name (AT+COPS format 0, AT+QSPN).",
                          StringValue("Test Network"),
                          MakeStringAccessor(&GeneralCommands::m_longName),
                          MakeStringChecker())
            .AddAttribute("OperatorShortName",
                          "Short alphanumeric operator name (AT+COPS format 1).",
                          StringValue("TEST"),
                          MakeStringAccessor(&GeneralCommands::m_shortName),
                          MakeStringChecker())
            .AddAttribute("CouplingLoss",
                          "Coupling loss behind the signal reports without a radio device "
                          "(point-to-point and CSMA stand-ins), dB.",
                          DoubleValue(120),
                          MakeDoubleAccessor(&GeneralCommands::m_standInLoss),
                          MakeDoubleChecker<double>(0, 200))
            .AddAttribute("NetworkScanTime",
                          "Duration of AT+COPS=? (a scan of the profile's bands; an "
                          "assumption: no published figure was found).",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&GeneralCommands::m_scanTime),
                          MakeTimeChecker(Seconds(0)));
    return tid;
}

GeneralCommands::GeneralCommands()
{
    NS_LOG_FUNCTION(this);
}

GeneralCommands::~GeneralCommands()
{
    NS_LOG_FUNCTION(this);
}

void
GeneralCommands::DoDispose()
{
    m_scan.Cancel();
    m_module = nullptr;
    AtCommandSet::DoDispose();
}

void
GeneralCommands::PowerOff()
{
    m_scan.Cancel();
    m_copsMode = 0;
    m_copsFormat = 0;
}

void
GeneralCommands::CheckAttributes() const
{
    auto fail = [](const char* attribute, const std::string& value, const char* rule)
    {
        NS_FATAL_ERROR("ns3::lpwa::GeneralCommands: attribute " << attribute << ": \"" << value
                                                                << "\" is not " << rule);
    };
    if (!ModuleIdentity::IsDigits(m_mcc, 3, 3))
    {
        fail("Mcc", m_mcc, "3 digits");
    }
    if (!ModuleIdentity::IsDigits(m_mnc, 2, 3))
    {
        fail("Mnc", m_mnc, "2 or 3 digits");
    }
    if (!ModuleIdentity::IsDigits(m_tac, 8, 8))
    {
        fail("Tac", m_tac, "8 digits");
    }
    if (!m_imei.empty() && !ModuleIdentity::IsLuhnValid(m_imei, 15, 15))
    {
        fail("Imei", m_imei, "15 digits ending in their Luhn digit");
    }
    if (!m_imsi.empty() && !ModuleIdentity::IsDigits(m_imsi, 6, 15))
    {
        fail("Imsi", m_imsi, "6 to 15 digits");
    }
    if (!m_iccid.empty() && !ModuleIdentity::IsLuhnValid(m_iccid, 19, 20))
    {
        fail("Iccid", m_iccid, "19 or 20 digits ending in their Luhn digit");
    }
}

void
GeneralCommands::Install(Ptr<LpwaModule> module)
{
    NS_LOG_FUNCTION(this << module);
    CheckAttributes();
    m_module = module;
    Ptr<AtEngine> e = module->GetAtEngine();
    auto reg = [this, e](const std::string& name, void (GeneralCommands::*fn)(const AtCommand&))
    {
        e->RegisterCommand(name,
                           [this, fn](const AtCommand& c)
                           {
                               (this->*fn)(c);
                           });
    };
    reg("+CPIN", &GeneralCommands::Cpin);
    reg("+CIMI", &GeneralCommands::Cimi);
    reg("+GSN", &GeneralCommands::Gsn);
    reg("+CGSN", &GeneralCommands::Cgsn);
    reg("+CSQ", &GeneralCommands::Csq);
    reg("+CESQ", &GeneralCommands::Cesq);
    reg("+COPS", &GeneralCommands::Cops);
    const bool quectel = module->GetProfile().GetDialect() == ModuleProfile::Dialect::QUECTEL;
    // OneMO: AT+MCCID (4G extended AT manual 4.6) and AT+ICCID (what esp-ml307 sends).
    std::vector<std::string> iccidCommands =
        quectel ? std::vector<std::string>{"+CCID", "+QCCID"}
                : std::vector<std::string>{"+CCID", "+MCCID", "+ICCID"};
    for (const std::string& name : iccidCommands)
    {
        e->RegisterCommand(name,
                           [this, name](const AtCommand& c)
                           {
                               Iccid(c, name + ": ");
                           });
    }
    if (quectel)
    {
        reg("+QCSQ", &GeneralCommands::Qcsq);
        reg("+QNWINFO", &GeneralCommands::Qnwinfo);
        reg("+QSPN", &GeneralCommands::Qspn);
    }
}

uint64_t
GeneralCommands::GetDeviceIndex() const
{
    return m_module && m_module->GetNode() ? m_module->GetNode()->GetId() : 0;
}

std::string
GeneralCommands::GetImei() const
{
    if (!m_imei.empty())
    {
        return m_imei;
    }
    return ModuleIdentity::MakeImei(m_tac, GetDeviceIndex());
}

std::string
GeneralCommands::GetImsi() const
{
    if (!m_imsi.empty())
    {
        return m_imsi;
    }
    return ModuleIdentity::MakeImsi(m_mcc, m_mnc, GetDeviceIndex());
}

std::string
GeneralCommands::GetIccid() const
{
    if (!m_iccid.empty())
    {
        return m_iccid;
    }
    return ModuleIdentity::MakeIccid(m_mcc, m_mnc, GetDeviceIndex());
}

GeneralCommands::Signal
GeneralCommands::ComputeSignal(double couplingLoss, bool nbIot)
{
    // Reference signal power per resource element: transmit power over the subcarriers.
    const double perRe = nbIot ? 43 - 10 * std::log10(12.0) : 46 - 10 * std::log10(1200.0);
    const double noiseFigure = nbIot ? 5 : 9;
    const double noisePerRe = -174 + 10 * std::log10(15000.0) + noiseFigure;
    const double subcarriers = nbIot ? 12 : 72;
    const double resourceBlocks = subcarriers / 12;
    Signal s;
    s.nbIot = nbIot;
    s.rsrp = perRe - couplingLoss;
    s.sinr = s.rsrp - noisePerRe;
    s.rssi =
        10 * std::log10(subcarriers * (std::pow(10, s.rsrp / 10) + std::pow(10, noisePerRe / 10)));
    s.rsrq = 10 * std::log10(resourceBlocks) + s.rsrp - s.rssi;
    return s;
}

uint32_t
GeneralCommands::CsqIndex(double rssiDbm)
{
    return static_cast<uint32_t>(std::clamp(std::floor((rssiDbm + 113) / 2), 0.0, 31.0));
}

Ptr<CellularRegistration>
GeneralCommands::GetRegistration() const
{
    if (!m_module)
    {
        return nullptr;
    }
    if (auto q = m_module->GetCommandSet<QuectelNetworkCommands>())
    {
        return q->GetRegistration();
    }
    if (auto o = m_module->GetCommandSet<OneMoNetworkCommands>())
    {
        return o->GetRegistration();
    }
    return nullptr;
}

bool
GeneralCommands::GetCurrentSignal(Signal& signal) const
{
    Ptr<CellularRegistration> reg = GetRegistration();
    if (!reg || !reg->IsRegistered())
    {
        return false;
    }
    Ptr<RadioUeNetDevice> device = reg->GetRadioDevice();
    if (device && device->GetCell())
    {
        signal = ComputeSignal(device->GetCouplingLoss(),
                               device->GetCell()->GetTechnology().GetAccessTechnology() == 9);
        return true;
    }
    const ModuleProfile& profile = m_module->GetProfile();
    const bool nb = !profile.IsRatSupported(ModuleProfile::CAT_M1) &&
                    (profile.IsRatSupported(ModuleProfile::CAT_NB1) ||
                     profile.IsRatSupported(ModuleProfile::CAT_NB2));
    signal = ComputeSignal(m_standInLoss, nb);
    return true;
}

uint32_t
GeneralCommands::AccessTechnology() const
{
    Ptr<CellularRegistration> reg = GetRegistration();
    Ptr<RadioUeNetDevice> device = reg ? reg->GetRadioDevice() : nullptr;
    if (device && device->GetCell())
    {
        return device->GetCell()->GetTechnology().GetAccessTechnology();
    }
    const ModuleProfile& profile = m_module->GetProfile();
    if (profile.IsRatSupported(ModuleProfile::CAT_M1))
    {
        return 8;
    }
    return profile.IsRatSupported(ModuleProfile::CAT_NB1) ||
                   profile.IsRatSupported(ModuleProfile::CAT_NB2)
               ? 9
               : 7;
}

std::string
GeneralCommands::OperatorName(uint32_t format) const
{
    return format == 0 ? m_longName : (format == 1 ? m_shortName : m_mcc + m_mnc);
}

bool
GeneralCommands::AnsweredAsNotExecute(const AtCommand& c, const std::string& testLine) const
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    if (c.GetForm() == AtCommand::TEST)
    {
        if (!testLine.empty())
        {
            e->SendInfo(testLine);
        }
        e->FinishOk();
        return true;
    }
    if (c.GetForm() != AtCommand::EXECUTE)
    {
        e->FinishError();
        return true;
    }
    return false;
}

void
GeneralCommands::Cpin(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    switch (c.GetForm())
    {
        case AtCommand::TEST:
            e->FinishOk();
            return;
        case AtCommand::READ:
            e->SendInfo("+CPIN: READY");
            e->FinishOk();
            return;
        case AtCommand::WRITE:
            // The SIM asks for no PIN: entering one is not allowed (TS 27.007 9.2: 3).
            if (c.GetParameterCount() <= 2 && c.GetParameter(0).IsString())
            {
                e->FinishCmeError(3);
                return;
            }
            break;
        case AtCommand::EXECUTE:
            break;
    }
    e->FinishError();
}

void
GeneralCommands::Cimi(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    if (AnsweredAsNotExecute(c))
    {
        return;
    }
    e->SendInfo(GetImsi());
    e->FinishOk();
}

void
GeneralCommands::Iccid(const AtCommand& c, const std::string& prefix)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    if (AnsweredAsNotExecute(c))
    {
        return;
    }
    e->SendInfo(prefix + GetIccid());
    e->FinishOk();
}

void
GeneralCommands::Gsn(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    if (AnsweredAsNotExecute(c))
    {
        return;
    }
    e->SendInfo(GetImei());
    e->FinishOk();
}

void
GeneralCommands::Cgsn(const AtCommand& c)
{
    // TS 27.007 7.1 (Rel-13): <snt> 0 serial number (the IMEI, bare), 1 IMEI, 2 IMEISV,
    // 3 software version number.
    Ptr<AtEngine> e = m_module->GetAtEngine();
    int64_t snt = 0;
    switch (c.GetForm())
    {
        case AtCommand::TEST:
            e->SendInfo("+CGSN: (0-3)");
            e->FinishOk();
            return;
        case AtCommand::EXECUTE:
            e->SendInfo(GetImei());
            e->FinishOk();
            return;
        case AtCommand::WRITE:
            if (c.GetParameterCount() == 1 && c.GetParameter(0).GetInteger(snt, 0, 3))
            {
                const std::string imei = GetImei();
                static const char* const svn = "01";
                switch (snt)
                {
                    case 0:
                        e->SendInfo(imei);
                        break;
                    case 1:
                        e->SendInfo("+CGSN: \"" + imei + "\"");
                        break;
                    case 2:
                        e->SendInfo("+CGSN: \"" + imei.substr(0, 14) + svn + "\"");
                        break;
                    default:
                        e->SendInfo(std::string("+CGSN: \"") + svn + "\"");
                        break;
                }
                e->FinishOk();
                return;
            }
            break;
        case AtCommand::READ:
            break;
    }
    e->FinishError();
}

void
GeneralCommands::Csq(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    if (AnsweredAsNotExecute(c, "+CSQ: (0-31,99),(0-7,99)"))
    {
        return;
    }
    Signal s;
    e->SendInfo(GetCurrentSignal(s) ? "+CSQ: " + std::to_string(CsqIndex(s.rssi)) + ",99"
                                    : std::string("+CSQ: 99,99"));
    e->FinishOk();
}

void
GeneralCommands::Cesq(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    if (AnsweredAsNotExecute(
            c,
            "+CESQ: (0-63,99),(0-7,99),(0-96,255),(0-49,255),(0-34,255),(0-97,255)"))
    {
        return;
    }
    Signal s;
    std::string rsrq = "255";
    std::string rsrp = "255";
    if (GetCurrentSignal(s))
    {
        rsrq =
            std::to_string(static_cast<int>(std::clamp(std::floor((s.rsrq + 20) * 2), 0.0, 34.0)));
        rsrp = std::to_string(static_cast<int>(std::clamp(std::floor(s.rsrp + 141), 0.0, 97.0)));
    }
    e->SendInfo("+CESQ: 99,99,255,255," + rsrq + "," + rsrp);
    e->FinishOk();
}

void
GeneralCommands::Qcsq(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    if (AnsweredAsNotExecute(c))
    {
        return;
    }
    Signal s;
    if (!GetCurrentSignal(s))
    {
        e->SendInfo("+QCSQ: \"NOSERVICE\"");
        e->FinishOk();
        return;
    }
    const int sinr = static_cast<int>(std::clamp(std::round((s.sinr + 20) * 5), 0.0, 250.0));
    e->SendInfo(std::string("+QCSQ: \"") + (s.nbIot ? "NBIoT" : "eMTC") + "\"," +
                std::to_string(static_cast<int>(std::round(s.rssi))) + "," +
                std::to_string(static_cast<int>(std::round(s.rsrp))) + "," + std::to_string(sinr) +
                "," + std::to_string(static_cast<int>(std::round(s.rsrq))));
    e->FinishOk();
}

void
GeneralCommands::Cops(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    Ptr<CellularRegistration> reg = GetRegistration();
    const bool registered = reg && reg->IsRegistered();
    switch (c.GetForm())
    {
        case AtCommand::READ:
            if (registered)
            {
                e->SendInfo("+COPS: " + std::to_string(m_copsMode) + "," +
                            std::to_string(m_copsFormat) + ",\"" + OperatorName(m_copsFormat) +
                            "\"," + std::to_string(AccessTechnology()));
            }
            else
            {
                e->SendInfo("+COPS: " + std::to_string(m_copsMode));
            }
            e->FinishOk();
            return;
        case AtCommand::TEST:
        {
            const std::string act = std::to_string(AccessTechnology());
            const std::string list = "+COPS: (" + std::string(registered ? "2" : "1") + ",\"" +
                                     m_longName + "\",\"" + m_shortName + "\",\"" + m_mcc + m_mnc +
                                     "\"," + act + "),,(0-4),(0-2)";
            m_scan = Simulator::Schedule(m_scanTime,
                                         [this, list]()
                                         {
                                             Ptr<AtEngine> engine = m_module->GetAtEngine();
                                             engine->SendInfo(list);
                                             engine->FinishOk();
                                         });
            return;
        }
        case AtCommand::WRITE:
        {
            int64_t mode = 0;
            int64_t format = m_copsFormat;
            const AtParameter& oper = c.GetParameter(2);
            if (c.GetParameterCount() > 4 || !c.GetParameter(0).GetInteger(mode, 0, 4) ||
                (!c.GetParameter(1).IsOmitted() && !c.GetParameter(1).GetInteger(format, 0, 2)))
            {
                break;
            }
            if (mode == 3)
            {
                m_copsFormat = static_cast<uint32_t>(format);
                e->FinishOk();
                return;
            }
            if (mode == 1 || mode == 4)
            {
                // Manual selection: the one network in the model, named in <format>.
                if (!oper.IsString())
                {
                    break;
                }
                if (oper.GetText() != OperatorName(static_cast<uint32_t>(format)))
                {
                    if (mode == 1)
                    {
                        e->FinishCmeError(30); // no network service
                        return;
                    }
                    mode = 0; // 4: fall back to automatic
                }
            }
            else if (!oper.IsOmitted())
            {
                break;
            }
            m_copsFormat = static_cast<uint32_t>(format);
            m_copsMode = mode == 4 ? 1 : static_cast<uint32_t>(mode);
            if (reg)
            {
                // 2 deregisters (the radio stays on for CFUN); 0/1 register again.
                reg->SetRadioEnabled(mode != 2);
            }
            e->FinishOk();
            return;
        }
        case AtCommand::EXECUTE:
            break;
    }
    e->FinishError();
}

void
GeneralCommands::Qnwinfo(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    if (AnsweredAsNotExecute(c))
    {
        return;
    }
    Ptr<CellularRegistration> reg = GetRegistration();
    if (!reg || !reg->IsRegistered())
    {
        e->SendInfo("+QNWINFO: No Service");
        e->FinishOk();
        return;
    }
    // Band and channel are fixed stand-ins: LTE band 20, EARFCN 6300 (806 MHz downlink).
    const uint32_t act = AccessTechnology();
    e->SendInfo(std::string("+QNWINFO: \"") + (act == 9 ? "NBIoT" : (act == 8 ? "eMTC" : "LTE")) +
                "\",\"" + m_mcc + m_mnc + "\",\"LTE BAND 20\",6300");
    e->FinishOk();
}

void
GeneralCommands::Qspn(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    if (c.GetForm() == AtCommand::TEST)
    {
        e->FinishOk();
        return;
    }
    if (c.GetForm() != AtCommand::READ && c.GetForm() != AtCommand::EXECUTE)
    {
        e->FinishError();
        return;
    }
    Ptr<CellularRegistration> reg = GetRegistration();
    if (!reg || !reg->IsRegistered())
    {
        e->FinishCmeError(30); // no network service
        return;
    }
    e->SendInfo("+QSPN: \"" + m_longName + "\",\"" + m_shortName + "\",\"\",0,\"" + m_mcc + m_mnc +
                "\"");
    e->FinishOk();
}

} // namespace lpwa
} // namespace ns3
