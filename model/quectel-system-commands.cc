/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "quectel-system-commands.h"

#include "at-engine.h"
#include "lpwa-module.h"
#include "module-clock.h"
#include "quectel-network-commands.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <cctype>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaQuectelSystemCommands");
NS_OBJECT_ENSURE_REGISTERED(QuectelSystemCommands);

TypeId
QuectelSystemCommands::GetTypeId()
{
    static TypeId tid = TypeId("ns3::lpwa::QuectelSystemCommands")
                            .SetParent<AtCommandSet>()
                            .SetGroupName("LpwaModem")
                            .AddConstructor<QuectelSystemCommands>();
    return tid;
}

QuectelSystemCommands::QuectelSystemCommands()
{
    NS_LOG_FUNCTION(this);
}

QuectelSystemCommands::~QuectelSystemCommands()
{
    NS_LOG_FUNCTION(this);
}

void
QuectelSystemCommands::Install(Ptr<LpwaModule> module)
{
    NS_LOG_FUNCTION(this << module);
    m_module = module;
    Ptr<AtEngine> engine = module->GetAtEngine();
    engine->RegisterCommand("+CCLK",
                            [this](const AtCommand& c)
                            {
                                HandleCclk(c);
                            });
    engine->RegisterCommand("+QIGETERROR",
                            [this](const AtCommand& c)
                            {
                                HandleQigeterror(c);
                            });
    engine->RegisterCommand("+CFUN",
                            [this](const AtCommand& c)
                            {
                                HandleCfun(c);
                            });
    engine->RegisterCommand("+QLTS",
                            [this](const AtCommand& c)
                            {
                                HandleQlts(c);
                            });
    engine->RegisterCommand("+QSCLK",
                            [this](const AtCommand& c)
                            {
                                HandleQsclk(c);
                            });
    engine->RegisterCommand("+QPOWD",
                            [this](const AtCommand& c)
                            {
                                HandleQpowd(c);
                            });
    engine->RegisterCommand("+QCFG",
                            [this](const AtCommand& c)
                            {
                                HandleQcfg(c);
                            });
    // Defaults follow the profile's radio access technologies: scan what the model has.
    const ModuleProfile& profile = module->GetProfile();
    const bool m1 = profile.IsRatSupported(ModuleProfile::CAT_M1);
    const bool nb = profile.IsRatSupported(ModuleProfile::CAT_NB2) ||
                    profile.IsRatSupported(ModuleProfile::CAT_NB1);
    m_iotOpMode = m1 && nb ? 2 : (nb ? 1 : 0);
    m_scanSequence = std::string(m1 ? "02" : "") + (nb ? "03" : "") +
                     (profile.IsRatSupported(ModuleProfile::EGPRS) ? "01" : "");
}

void
QuectelSystemCommands::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_module = nullptr;
    AtCommandSet::DoDispose();
}

uint8_t
QuectelSystemCommands::GetFunctionality() const
{
    return m_fun;
}

void
QuectelSystemCommands::SetFunctionality(uint8_t fun)
{
    NS_LOG_INFO("CFUN=" << int(fun));
    m_fun = fun;
    // CFUN=0 and CFUN=4 switch the radio off: registration and PDP contexts are lost; CFUN=1
    // starts registering again.
    if (auto network = m_module->GetCommandSet<QuectelNetworkCommands>())
    {
        network->SetRadioEnabled(fun == 1);
    }
}

void
QuectelSystemCommands::PowerOff()
{
    m_fun = 1;
}

void
QuectelSystemCommands::PowerOn()
{
    m_fun = m_module->GetBootFunctionality(); // the radio follows (CellularRegistration)
}

uint8_t
QuectelSystemCommands::GetScanMode() const
{
    return m_scanMode;
}

uint8_t
QuectelSystemCommands::GetIotOpMode() const
{
    return m_iotOpMode;
}

const std::string&
QuectelSystemCommands::GetScanSequence() const
{
    return m_scanSequence;
}

std::string
QuectelSystemCommands::GetErrorDescription(uint32_t code)
{
    // Table 5 of the SSL application note; the engine's CME table has 0 as 3GPP's "phone
    // failure", so 0 is worded here.
    return code == 0 ? std::string("Operation successful") : AtEngine::GetCmeErrorText(code);
}

void
QuectelSystemCommands::HandleCclk(const AtCommand& command)
{
    NS_LOG_FUNCTION(this << command.GetText());
    Ptr<AtEngine> engine = m_module->GetAtEngine();
    switch (command.GetForm())
    {
        case AtCommand::TEST:
            engine->FinishOk();
            return;
        case AtCommand::READ:
            engine->SendInfo("+CCLK: \"" + m_module->GetClock()->GetString() + "\"");
            engine->FinishOk();
            return;
        case AtCommand::WRITE:
            if (command.GetParameterCount() == 1 && command.GetParameter(0).IsString() &&
                m_module->GetClock()->SetFromString(command.GetParameter(0).GetText()))
            {
                engine->FinishOk();
                return;
            }
            break;
        case AtCommand::EXECUTE:
            break;
    }
    engine->FinishError();
}

void
QuectelSystemCommands::HandleQigeterror(const AtCommand& command)
{
    NS_LOG_FUNCTION(this << command.GetText());
    Ptr<AtEngine> engine = m_module->GetAtEngine();
    if (command.GetForm() == AtCommand::TEST)
    {
        engine->FinishOk();
        return;
    }
    if (command.GetForm() != AtCommand::EXECUTE)
    {
        engine->FinishError();
        return;
    }
    uint32_t code = m_module->GetLastError();
    engine->SendInfo("+QIGETERROR: " + std::to_string(code) + "," + GetErrorDescription(code));
    engine->FinishOk();
}

void
QuectelSystemCommands::HandleCfun(const AtCommand& command)
{
    NS_LOG_FUNCTION(this << command.GetText());
    Ptr<AtEngine> engine = m_module->GetAtEngine();
    switch (command.GetForm())
    {
        case AtCommand::TEST:
            engine->SendInfo("+CFUN: (0,1,4),(0,1)");
            engine->FinishOk();
            return;
        case AtCommand::READ:
            engine->SendInfo("+CFUN: " + std::to_string(m_fun));
            engine->FinishOk();
            return;
        case AtCommand::WRITE:
        {
            int64_t fun = 0;
            int64_t rst = 0;
            const AtParameter& rstParam = command.GetParameter(1);
            if (command.GetParameterCount() <= 2 && command.GetParameter(0).GetInteger(fun, 0, 4) &&
                (fun == 0 || fun == 1 || fun == 4) &&
                (rstParam.IsOmitted() || rstParam.GetInteger(rst, 0, 1)))
            {
                if (rst == 1)
                {
                    // Reset first (TS 27.007 8.2), then boot into <fun>: the OK goes out, then
                    // the module is off until its boot URCs.
                    engine->FinishOk();
                    m_module->Restart(static_cast<uint8_t>(fun));
                    return;
                }
                SetFunctionality(static_cast<uint8_t>(fun));
                engine->FinishOk();
                return;
            }
            break;
        }
        case AtCommand::EXECUTE:
            break;
    }
    engine->FinishError();
}

void
QuectelSystemCommands::HandleQlts(const AtCommand& command)
{
    // AT+QLTS[=<mode>]: 0 the time the network last sent, 1 the current GMT time and 2 the
    // current local time, both from that time: "yyyy/MM/dd,hh:mm:ss+zz,<dst>"; "" when the
    // network has sent none.
    NS_LOG_FUNCTION(this << command.GetText());
    Ptr<AtEngine> engine = m_module->GetAtEngine();
    int64_t mode = 0;
    if (command.GetForm() == AtCommand::TEST)
    {
        engine->SendInfo("+QLTS: (0-2)");
        engine->FinishOk();
        return;
    }
    if (!command.GetOptionalInteger(mode, 0, 2))
    {
        engine->FinishError();
        return;
    }
    auto network = m_module->GetCommandSet<QuectelNetworkCommands>();
    int64_t sent = 0;
    int32_t zone = 0;
    Time receivedAt;
    std::string text;
    if (network && network->GetRegistration()->GetNetworkTime(sent, zone, receivedAt))
    {
        const int64_t now =
            sent + static_cast<int64_t>((Simulator::Now() - receivedAt).GetSeconds());
        const int64_t shown = mode == 0 ? sent : now;
        // Mode 1 is GMT: the UTC clock with the zone beside it; 0 and 2 local time.
        const std::string local = ModuleClock::FormatFullYear(shown, zone);
        text = mode == 1 ? ModuleClock::FormatFullYear(shown, 0).substr(0, 19) + local.substr(19)
                         : local;
        text += ",0";
    }
    engine->SendInfo("+QLTS: \"" + text + "\"");
    engine->FinishOk();
}

void
QuectelSystemCommands::HandleQsclk(const AtCommand& command)
{
    // AT+QSCLK=<n>: 1 lets the module's MCU sleep when DTR is high (TinyGSM sleepEnable()). The
    // setting is kept and read back; the modelled energy is the radio's (RadioEnergyModel), so
    // MCU sleep changes no modelled figure.
    Ptr<AtEngine> engine = m_module->GetAtEngine();
    int64_t n = 0;
    switch (command.GetForm())
    {
        case AtCommand::TEST:
            engine->SendInfo("+QSCLK: (0,1)");
            engine->FinishOk();
            return;
        case AtCommand::READ:
            engine->SendInfo("+QSCLK: " + std::to_string(m_sleepEnabled));
            engine->FinishOk();
            return;
        case AtCommand::WRITE:
            if (command.GetParameterCount() == 1 && command.GetParameter(0).GetInteger(n, 0, 1))
            {
                m_sleepEnabled = static_cast<uint8_t>(n);
                engine->FinishOk();
                return;
            }
            break;
        case AtCommand::EXECUTE:
            break;
    }
    engine->FinishError();
}

void
QuectelSystemCommands::HandleQpowd(const AtCommand& command)
{
    // AT+QPOWD[=<n>]: 0 immediate, 1 normal power-down (default). OK, then POWERED DOWN, then
    // the module is off (LpwaModule::PowerOn() powers it up again, as PWRKEY would).
    NS_LOG_FUNCTION(this << command.GetText());
    Ptr<AtEngine> engine = m_module->GetAtEngine();
    int64_t n = 1;
    if (command.GetForm() == AtCommand::TEST)
    {
        engine->SendInfo("+QPOWD: (0,1)");
        engine->FinishOk();
        return;
    }
    if (!command.GetOptionalInteger(n, 0, 1))
    {
        engine->FinishError();
        return;
    }
    engine->FinishOk();
    engine->SendUrc("POWERED DOWN");
    m_module->PowerOff();
}

void
QuectelSystemCommands::HandleQcfg(const AtCommand& command)
{
    NS_LOG_FUNCTION(this << command.GetText());
    Ptr<AtEngine> engine = m_module->GetAtEngine();
    const ModuleProfile& profile = m_module->GetProfile();
    const bool gsm = profile.IsRatSupported(ModuleProfile::EGPRS);
    const bool m1 = profile.IsRatSupported(ModuleProfile::CAT_M1);
    const bool nb = profile.IsRatSupported(ModuleProfile::CAT_NB2) ||
                    profile.IsRatSupported(ModuleProfile::CAT_NB1);
    if (command.GetForm() == AtCommand::TEST)
    {
        engine->SendInfo("+QCFG: \"nwscanseq\",(00-03),(0,1)");
        engine->SendInfo(std::string("+QCFG: \"nwscanmode\",(0") + (gsm ? ",1" : "") + ",3),(0,1)");
        engine->SendInfo(std::string("+QCFG: \"iotopmode\",(") + (m1 ? "0" : "") +
                         (m1 && nb ? "," : "") + (nb ? "1" : "") + (m1 && nb ? ",2" : "") +
                         "),(0,1)");
        engine->FinishOk();
        return;
    }
    const AtParameter& name = command.GetParameter(0);
    const AtParameter& value = command.GetParameter(1);
    const AtParameter& effect = command.GetParameter(2);
    int64_t effectValue = 0;
    if (command.GetForm() != AtCommand::WRITE || !name.IsString() ||
        command.GetParameterCount() > 3 ||
        (!effect.IsOmitted() && !effect.GetInteger(effectValue, 0, 1)))
    {
        engine->FinishError();
        return;
    }
    std::string setting = name.GetText();
    for (auto& c : setting)
    {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    // Query (value omitted) or set a small integer setting the profile's RATs allow.
    auto integerSetting = [&](const char* label, uint8_t& current, auto allowed)
    {
        int64_t v = 0;
        if (value.IsOmitted())
        {
            engine->SendInfo(std::string("+QCFG: \"") + label + "\"," + std::to_string(current));
            engine->FinishOk();
        }
        else if (value.GetInteger(v, 0, 3) && allowed(v))
        {
            current = static_cast<uint8_t>(v);
            engine->FinishOk();
        }
        else
        {
            engine->FinishError();
        }
    };
    if (setting == "nwscanmode")
    {
        integerSetting("nwscanmode",
                       m_scanMode,
                       [&](int64_t v)
                       {
                           return v == 0 || v == 3 || (v == 1 && gsm);
                       });
        return;
    }
    if (setting == "iotopmode")
    {
        integerSetting("iotopmode",
                       m_iotOpMode,
                       [&](int64_t v)
                       {
                           return (v == 0 && m1) || (v == 1 && nb) || (v == 2 && m1 && nb);
                       });
        return;
    }
    if (setting == "nwscanseq")
    {
        if (value.IsOmitted())
        {
            engine->SendInfo("+QCFG: \"nwscanseq\"," + m_scanSequence);
            engine->FinishOk();
            return;
        }
        // An unquoted run of two-digit codes: 00 automatic, 01 GSM, 02 eMTC, 03 NB-IoT.
        const std::string& seq = value.GetText();
        bool ok = value.GetKind() == AtParameter::NUMBER && !seq.empty() && seq.size() % 2 == 0 &&
                  seq.size() <= 6;
        for (size_t i = 0; ok && i < seq.size(); i += 2)
        {
            const std::string code = seq.substr(i, 2);
            ok = code == "00" || (code == "01" && gsm) || (code == "02" && m1) ||
                 (code == "03" && nb);
        }
        if (!ok)
        {
            engine->FinishError();
            return;
        }
        m_scanSequence = seq;
        engine->FinishOk();
        return;
    }
    engine->FinishError();
}

} // namespace lpwa
} // namespace ns3
