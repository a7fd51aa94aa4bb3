#Requires -Version 5.1
<#
.SYNOPSIS
    vmdoctor probe for Windows users without Python: why won't a VM start here?

.DESCRIPTION
    Collects the RAW outputs of the Windows checks of probes/vmdoctor_probe.py (same check ids,
    kinds, commands and PowerShell scripts; a test compares the two files), replaces private
    values with consistent pseudonyms (<host-1>, <user-1>, <ip-1> ...) and writes one
    vmdoctor.report/1 JSON document (probes/report.schema.json), UTF-8 without BOM.

    Nothing is sent anywhere and nothing is changed. Checks that need administrator rights are
    skipped when not elevated; the report says which. Every command has a timeout (10 s by
    default), the whole probe stops after 30 s, each section is capped at 64 KiB and the report
    at 256 KiB. Redaction cannot be turned off.

    This file is ASCII on purpose: PowerShell 5.1 reads a script without BOM in the ANSI code
    page, so non-ASCII text (the Japanese systeminfo labels) is written as \uXXXX regex escapes.

    Windows PowerShell 5.1's ConvertTo-Json writes < > ' & as \u003c \u003e \u0027 \u0026;
    the JSON means the same.

.PARAMETER Out
    Where to write the report (default: vmdoctor-report.json in the current directory).

.PARAMETER DryRun
    Print exactly the JSON that would be written, and write nothing.

.PARAMETER TimeoutSeconds
    Limit for each command (default 10).

.EXAMPLE
    powershell -NoProfile -ExecutionPolicy Bypass -File .\vmdoctor-probe.ps1 -DryRun

.EXAMPLE
    powershell -NoProfile -ExecutionPolicy Bypass -File .\vmdoctor-probe.ps1 -Out report.json
#>
[CmdletBinding()]
param(
    [string]$Out = 'vmdoctor-report.json',
    [switch]$DryRun,
    [ValidateRange(0.1, 30)][double]$TimeoutSeconds = 10
)

$ErrorActionPreference = 'Stop'

$ProbeVersion = '0.1.0'
$ProbeBudget = 30.0      # seconds for the whole probe
$SectionCap = 65536      # bytes of stdout + stderr per section (UTF-8)
$StderrCap = 8192        # bytes of stderr per section, taken out of SectionCap
$ReportCap = 262144      # bytes of the whole report
$RawCap = 262144         # characters kept before redaction
$Utf8NoBom = New-Object System.Text.UTF8Encoding -ArgumentList $false

# A 32-bit PowerShell sees SysWOW64 as System32, where bcdedit.exe does not exist.
$SysNative = Join-Path $env:SystemRoot 'Sysnative'
if (Test-Path -LiteralPath $SysNative) { $SysDir = $SysNative } else { $SysDir = Join-Path $env:SystemRoot 'System32' }

# ------------------------------------------------------------------------------------------
# The checks: same ids, kinds, commands and scripts as CHECKS in vmdoctor_probe.py.
# A PowerShell check runs in a child powershell.exe (-EncodedCommand) under a timeout; by
# convention it exits 127 when the cmdlet it needs is absent (reported as not-found).
# ------------------------------------------------------------------------------------------

$Prelude = '$ErrorActionPreference = ''Stop''; $ProgressPreference = ''SilentlyContinue''; [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false; '

$ScriptCimProcessor = @'
ConvertTo-Json -Depth 3 -InputObject @(Get-CimInstance -ClassName Win32_Processor | Select-Object Name, Manufacturer, NumberOfCores, NumberOfLogicalProcessors, VMMonitorModeExtensions, SecondLevelAddressTranslationExtensions, VirtualizationFirmwareEnabled)
'@

$ScriptCimComputerSystem = @'
ConvertTo-Json -Depth 3 -InputObject (Get-CimInstance -ClassName Win32_ComputerSystem | Select-Object HypervisorPresent, Manufacturer, Model)
'@

$ScriptCimOperatingSystem = @'
ConvertTo-Json -Depth 3 -InputObject (Get-CimInstance -ClassName Win32_OperatingSystem | Select-Object Caption, Version, BuildNumber, OSArchitecture, DataExecutionPrevention_Available, DataExecutionPrevention_SupportPolicy)
'@

$ScriptCimDeviceGuard = @'
ConvertTo-Json -Depth 3 -InputObject (Get-CimInstance -Namespace root\Microsoft\Windows\DeviceGuard -ClassName Win32_DeviceGuard | Select-Object AvailableSecurityProperties, RequiredSecurityProperties, SecurityServicesConfigured, SecurityServicesRunning, VirtualizationBasedSecurityStatus, CodeIntegrityPolicyEnforcementStatus, UsermodeCodeIntegrityPolicyEnforcementStatus)
'@

$ScriptOptionalFeatures = @'
$r = foreach ($n in @('Microsoft-Hyper-V-All', 'VirtualMachinePlatform', 'HypervisorPlatform', 'Containers-DisposableClientVM', 'Microsoft-Windows-Subsystem-Linux')) { $f = Get-WindowsOptionalFeature -Online -FeatureName $n -ErrorAction SilentlyContinue; [pscustomobject]@{ FeatureName = $n; State = $(if ($f) { [string]$f.State } else { $null }) } }; ConvertTo-Json -Depth 3 -InputObject @($r)
'@

$ScriptHyperVVms = @'
if (-not (Get-Command -Name Get-VM -ErrorAction SilentlyContinue)) { [Console]::Error.WriteLine('Get-VM is not available: Hyper-V PowerShell module absent'); exit 127 }; ConvertTo-Json -Depth 3 -InputObject @(Get-VM | Select-Object Name, @{ n = 'State'; e = { [string]$_.State } }, Version, Generation, DynamicMemoryEnabled, MemoryStartup, ProcessorCount)
'@

$ScriptHyperVVmProcessor = @'
if (-not (Get-Command -Name Get-VM -ErrorAction SilentlyContinue)) { [Console]::Error.WriteLine('Get-VM is not available: Hyper-V PowerShell module absent'); exit 127 }; ConvertTo-Json -Depth 3 -InputObject @(Get-VM | Get-VMProcessor | Select-Object VMName, Count, ExposeVirtualizationExtensions)
'@

$Checks = @(
    @{ Id = 'win.systeminfo'; Kind = 'systeminfo'; Admin = $false; Command = @('systeminfo.exe') },
    @{ Id = 'win.bcdedit_current'; Kind = 'bcdedit'; Admin = $true; Command = @('bcdedit.exe', '/enum', '{current}') },
    @{ Id = 'win.cim_processor'; Kind = 'win32_processor'; Admin = $false; Script = $ScriptCimProcessor },
    @{ Id = 'win.cim_computersystem'; Kind = 'win32_computersystem'; Admin = $false; Script = $ScriptCimComputerSystem },
    @{ Id = 'win.cim_operatingsystem'; Kind = 'win32_operatingsystem'; Admin = $false; Script = $ScriptCimOperatingSystem },
    @{ Id = 'win.cim_deviceguard'; Kind = 'win32_deviceguard'; Admin = $false; Script = $ScriptCimDeviceGuard },
    @{ Id = 'win.deviceguard_registry'; Kind = 'reg_query'; Admin = $false; Command = @('reg.exe', 'query', 'HKLM\SYSTEM\CurrentControlSet\Control\DeviceGuard', '/s') },
    @{ Id = 'win.optional_features'; Kind = 'windows_optional_features'; Admin = $true; Script = $ScriptOptionalFeatures },
    @{ Id = 'win.hyperv_vms'; Kind = 'hyperv_vm'; Admin = $true; Script = $ScriptHyperVVms },
    @{ Id = 'win.hyperv_vmprocessor'; Kind = 'hyperv_vmprocessor'; Admin = $true; Script = $ScriptHyperVVmProcessor },
    @{ Id = 'win.vmcompute_service'; Kind = 'sc_query'; Admin = $false; Command = @('sc.exe', 'query', 'vmcompute') },
    @{ Id = 'win.wsl_status'; Kind = 'wsl_status'; Admin = $false; Command = @('wsl.exe', '--status') },
    @{ Id = 'win.wsl_version'; Kind = 'wsl_version'; Admin = $false; Command = @('wsl.exe', '--version') },
    @{ Id = 'win.vboxmanage_version'; Kind = 'vboxmanage_version'; Admin = $false; Command = @('VBoxManage.exe', '--version') },
    @{ Id = 'win.vmware_registry'; Kind = 'reg_query'; Admin = $false; Command = @('reg.exe', 'query', 'HKLM\SOFTWARE\WOW6432Node\VMware, Inc.', '/s', '/v', 'ProductVersion') },
    @{ Id = 'win.haxm_service'; Kind = 'sc_query'; Admin = $false; Command = @('sc.exe', 'query', 'intelhaxm') },
    @{ Id = 'win.aehd_service'; Kind = 'sc_query'; Admin = $false; Command = @('sc.exe', 'query', 'aehd') }
)

# ------------------------------------------------------------------------------------------
# Redaction: same classes, patterns, exceptions and token format as Redactor in the Python
# probe. The value -> pseudonym map lives only in these variables; it is never written.
# ------------------------------------------------------------------------------------------

$RedactionClasses = @('host', 'user', 'domain', 'org', 'ip', 'mac', 'serial', 'uuid', 'product_id')
$script:Counts = [ordered]@{ host = 0; user = 0; domain = 0; org = 0; ip = 0; mac = 0; serial = 0; uuid = 0; product_id = 0 }
$script:Issued = @{ host = 0; user = 0; domain = 0; org = 0; ip = 0; mac = 0; serial = 0; uuid = 0; product_id = 0 }
$script:Tokens = @{}      # lower-case value -> token (PowerShell hashtables ignore case anyway)
$script:Literals = @{}    # lower-case value -> class
$script:LiteralRegex = $null

# Fixed GUIDs of well-known BCD objects (System Informer phnt/ntbcd.h): the same on every
# Windows machine, so not private. Every other GUID/UUID is redacted.
$WellKnownGuids = @(
    '9dea862c-5cdd-4e70-acc1-f32b344d4795',  # {bootmgr}
    'a5a30fa2-3d06-4e9f-b5f4-a01df9d1fcba',  # {fwbootmgr}
    'fa926493-6f1c-4193-a414-58f0b2456d1e',  # {current}
    '1cae1eb7-a0df-4d4d-9851-4860e34ef535',  # {default}
    '5189b25c-5558-4bf2-bca4-289b11bd29e2',  # {badmemory}
    '6efb52bf-1766-41db-a6b3-0ee5eff72bd7',  # {bootloadersettings}
    '4636856e-540f-4170-a130-a84776f4c654',  # {dbgsettings}
    '0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9',  # {emssettings}
    '7ea2e1ac-2e61-4728-aaa3-896d9d0a9f0e',  # {globalsettings}
    '7ff607e0-4395-11db-b0de-0800200c9a66',  # {hypervisorsettings}
    '313e8eed-7098-4586-a9bf-309c61f8d449',  # {kerneldbgsettings}
    '1afa9c49-16ab-4a5c-901b-212802da9460',  # {resumeloadersettings}
    '466f5a88-0af2-4f76-9038-095b170dc21c',  # {ntldr}
    'b2721d73-1db4-4c62-bf78-c548a880142d',  # {memdiag}
    'ae5534e0-a924-466c-b836-758539a3ee3a',  # {ramdiskoptions}
    '00000000-0000-0000-0000-000000000000'
)

# Names that identify nobody.
$NotPrivate = @(
    '', 'root', 'nobody', 'administrator', 'admin', 'user', 'guest', 'system', 'default',
    'public', 'shared', 'all users', 'default user', 'localhost', 'localdomain',
    'localhost.localdomain', 'workgroup', 'microsoftaccount', 'none', '(none)', 'n/a', 'na',
    'unknown', 'null', 'not specified', 'not applicable', 'to be filled by o.e.m.',
    'default string', 'system serial number', 'chassis serial number',
    'base board serial number', '0', '0123456789', '123456789'
)

$TokenPattern = '<[a-z-]+-\d+>'
$Opt = [System.Text.RegularExpressions.RegexOptions]::None

$LabelRules = @(
    @{ Class = 'host'; Regex = [regex]::new('(?im)^[ \t]*(?:Host Name|\u30DB\u30B9\u30C8\u540D)[ \t]*:[ \t]*(\S[^\r\n]*?)[ \t]*$', $Opt) },
    @{ Class = 'host'; Regex = [regex]::new('(?im)^[ \t]*(?:Logon Server|\u30ED\u30B0\u30AA\u30F3 \u30B5\u30FC\u30D0\u30FC)[ \t]*:[ \t]*\\\\([^\s\\]+)', $Opt) },
    @{ Class = 'domain'; Regex = [regex]::new('(?im)^[ \t]*(?:Domain|\u30C9\u30E1\u30A4\u30F3)[ \t]*:[ \t]*(\S[^\r\n]*?)[ \t]*$', $Opt) },
    @{ Class = 'user'; Regex = [regex]::new('(?im)^[ \t]*(?:Registered Owner|\u767B\u9332\u3055\u308C\u3066\u3044\u308B\u6240\u6709\u8005)[ \t]*:[ \t]*(\S[^\r\n]*?)[ \t]*$', $Opt) },
    @{ Class = 'org'; Regex = [regex]::new('(?im)^[ \t]*(?:Registered Organization|\u767B\u9332\u3055\u308C\u3066\u3044\u308B\u7D44\u7E54)[ \t]*:[ \t]*(\S[^\r\n]*?)[ \t]*$', $Opt) }
)
$ReWinProfile = [regex]::new('(?i)\b[A-Z]:\\{1,2}(?:Users|Documents and Settings)\\{1,2}(?:([^\\/:*?"<>|\r\n]+)(?=\\)|([^\\/:*?"<>|\s]+))', $Opt)
$RePosixHome = [regex]::new('(?<![\w.])/(?:home|Users|var/home|export/home)/([^/\s:''"<>]+)', $Opt)
$ReLabelled = [regex]::new('(?im)^(?<head>[ \t"]*(?<label>[A-Za-z _-]*(?:serial|product[ _-]?id|identifyingnumber)[A-Za-z _-]*|\u30B7\u30EA\u30A2\u30EB\u756A\u53F7|\u30D7\u30ED\u30C0\u30AF\u30C8 ID)"?[ \t]*[:=][ \t]*"?)(?<value>[^"\r\n]*?)(?<tail>"?,?[ \t]*)$', $Opt)
$ReEmail = [regex]::new('(?<![\w.+%-])(?<local><[a-z-]+-\d+>|[A-Za-z0-9._%+-]+)@(?<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24})(?![\w-])', $Opt)
$ReUuid = [regex]::new('(?i)(?<![0-9a-f-])([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![0-9a-f-])', $Opt)
$ReMac = [regex]::new('(?i)(?<![0-9a-f:.-])([0-9a-f]{2}([:-])(?:[0-9a-f]{2}\2){4}[0-9a-f]{2}(?:\2[0-9a-f]{2}\2[0-9a-f]{2})?|[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4})(?![0-9a-f:-]|\.[0-9a-f])', $Opt)
$ReIPv6 = [regex]::new('(?<![\w:.])([0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\d{1,3}(?:\.\d{1,3}){3})?)(?![\w:]|\.\d)', $Opt)
$ReIPv4 = [regex]::new('(?<![\w.])(\d{1,3}(?:\.\d{1,3}){3})(?![\w]|\.\d)', $Opt)
# A dotted quad right after "version" is a version number ("Kernel version: 5.15.133.1").
$ReVersionBefore = [regex]::new('(?i)(?:version|\u30D0\u30FC\u30B8\u30E7\u30F3|\bver\.?)[^\n]{0,24}$', $Opt)
$ReProductLabel = [regex]::new('(?i)product[ _-]?id|\u30D7\u30ED\u30C0\u30AF\u30C8', $Opt)

function Get-SecretClass([string]$Label) {
    if ($ReProductLabel.IsMatch($Label)) { return 'product_id' }
    return 'serial'
}

function Add-Literal([string]$Value, [string]$Class) {
    if ($null -eq $Value) { return }
    $v = $Value.Trim()
    $key = $v.ToLowerInvariant()
    if ($v.Length -lt 2 -or ($NotPrivate -contains $key) -or $script:Literals.ContainsKey($key) -or $v.Contains('<')) { return }
    $script:Literals[$key] = $Class
    $script:LiteralRegex = $null
}

function Test-IsIpAddress([string]$Value) {
    $parsed = $null
    return [System.Net.IPAddress]::TryParse($Value, [ref]$parsed)
}

function Add-Domain([string]$Value) {
    if ($null -eq $Value) { return }
    Add-Literal ($Value.Trim().Trim('.')) 'domain'
}

function Add-HostName([string]$Value) {
    if ($null -eq $Value) { return }
    $v = $Value.Trim().Trim('\').TrimEnd('.')
    if ($v -eq '' -or (Test-IsIpAddress $v)) { return }
    $dot = $v.IndexOf('.')
    if ($dot -lt 0) { Add-Literal $v 'host'; return }
    Add-Literal ($v.Substring(0, $dot)) 'host'
    Add-Domain ($v.Substring($dot + 1))
}

function Add-UserName([string]$Value) {
    if ($null -eq $Value) { return }
    $v = $Value.Trim()
    $slash = $v.LastIndexOf('\')
    if ($slash -ge 0) { Add-Domain ($v.Substring(0, $slash)); $v = $v.Substring($slash + 1) }
    $at = $v.IndexOf('@')
    if ($at -ge 0) { Add-Domain ($v.Substring($at + 1)); $v = $v.Substring(0, $at) }
    if ($v -notmatch '^\d+$') { Add-Literal $v 'user' }
}

function Register-Names([string]$Text) {
    foreach ($rule in $LabelRules) {
        foreach ($m in $rule.Regex.Matches($Text)) {
            $value = $m.Groups[1].Value
            switch ($rule.Class) {
                'host' { Add-HostName $value }
                'user' { Add-UserName $value }
                'domain' { Add-Domain $value }
                'org' { Add-Literal $value 'org' }
            }
        }
    }
    foreach ($m in $ReWinProfile.Matches($Text)) {
        if ($m.Groups[1].Success) { Add-UserName ($m.Groups[1].Value) } else { Add-UserName ($m.Groups[2].Value) }
    }
    foreach ($m in $RePosixHome.Matches($Text)) { Add-UserName ($m.Groups[1].Value) }
    foreach ($m in $ReLabelled.Matches($Text)) {
        # Long serials are also hunted elsewhere in the text; short ones only on their line.
        $value = $m.Groups['value'].Value.Trim()
        if ($value.Length -ge 6 -and -not $value.StartsWith('<')) {
            Add-Literal $value (Get-SecretClass ($m.Groups['label'].Value))
        }
    }
}

function Get-Token([string]$Class, [string]$Value) {
    $key = $Value.ToLowerInvariant()
    if (-not $script:Tokens.ContainsKey($key)) {
        $script:Issued[$Class] = $script:Issued[$Class] + 1
        $prefix = $Class
        if ($Class -eq 'product_id') { $prefix = 'product-id' }
        $script:Tokens[$key] = '<' + $prefix + '-' + $script:Issued[$Class] + '>'
    }
    return $script:Tokens[$key]
}

function Get-Replacement([string]$Class, [string]$Value) {
    $script:Counts[$Class] = $script:Counts[$Class] + 1
    return (Get-Token $Class $Value)
}

function Get-LiteralRegex {
    if ($null -eq $script:LiteralRegex) {
        $keys = @($script:Literals.Keys | Sort-Object -Property Length -Descending | ForEach-Object { [regex]::Escape($_) })
        $pattern = '(?<![A-Za-z0-9_])(?:' + ($keys -join '|') + ')(?![A-Za-z0-9_]|(?:-[a-z]+)*-\d+>)'
        $script:LiteralRegex = [regex]::new($pattern, [System.Text.RegularExpressions.RegexOptions]::IgnoreCase)
    }
    return $script:LiteralRegex
}

$EvalLabelled = [System.Text.RegularExpressions.MatchEvaluator] {
    param($m)
    $value = $m.Groups['value'].Value.Trim()
    if (($NotPrivate -contains $value.ToLowerInvariant()) -or ($value -match ('^' + $TokenPattern + '$'))) { return $m.Value }
    $class = Get-SecretClass ($m.Groups['label'].Value)
    return $m.Groups['head'].Value + (Get-Replacement $class $value) + $m.Groups['tail'].Value
}

$EvalEmail = [System.Text.RegularExpressions.MatchEvaluator] {
    param($m)
    $local = $m.Groups['local'].Value
    if ($local -notmatch ('^' + $TokenPattern + '$')) { $local = Get-Replacement 'user' $local }
    return $local + '@' + (Get-Replacement 'domain' ($m.Groups['domain'].Value))
}

$EvalLiteral = [System.Text.RegularExpressions.MatchEvaluator] {
    param($m)
    $class = $script:Literals[$m.Value.ToLowerInvariant()]
    if (-not $class) { $class = 'user' }
    return (Get-Replacement $class $m.Value)
}

$EvalUuid = [System.Text.RegularExpressions.MatchEvaluator] {
    param($m)
    $value = $m.Groups[1].Value.ToLowerInvariant()
    if ($WellKnownGuids -contains $value) { return $m.Groups[1].Value }
    return (Get-Replacement 'uuid' $value)
}

$EvalMac = [System.Text.RegularExpressions.MatchEvaluator] {
    param($m)
    $digits = ($m.Groups[1].Value -replace '[^0-9a-fA-F]', '').ToLowerInvariant()
    if ($digits.Trim('0') -eq '' -or $digits.Trim('f') -eq '') { return $m.Groups[1].Value }
    return (Get-Replacement 'mac' $digits)
}

$EvalIPv6 = [System.Text.RegularExpressions.MatchEvaluator] {
    param($m)
    $value = $m.Groups[1].Value
    $parsed = $null
    if (-not [System.Net.IPAddress]::TryParse($value, [ref]$parsed)) { return $value }
    if ($parsed.AddressFamily -ne [System.Net.Sockets.AddressFamily]::InterNetworkV6) { return $value }
    if ([System.Net.IPAddress]::IsLoopback($parsed) -or $parsed.Equals([System.Net.IPAddress]::IPv6Any)) { return $value }
    return (Get-Replacement 'ip' ($parsed.ToString()))
}

$EvalIPv4 = [System.Text.RegularExpressions.MatchEvaluator] {
    param($m)
    $value = $m.Groups[1].Value
    $octets = @($value.Split('.') | ForEach-Object { [int]$_ })
    foreach ($o in $octets) { if ($o -gt 255) { return $value } }
    $normal = $octets -join '.'
    if ($octets[0] -eq 127 -or $normal -eq '0.0.0.0' -or $normal -eq '255.255.255.255') { return $value }
    $text = $m.Result('$_')
    $lineStart = 0
    if ($m.Index -gt 0) { $lineStart = $text.LastIndexOf([char]10, $m.Index - 1) + 1 }
    if ($ReVersionBefore.IsMatch($text.Substring($lineStart, $m.Index - $lineStart))) { return $value }
    return (Get-Replacement 'ip' $normal)
}

function Protect-Text([string]$Text) {
    if ([string]::IsNullOrEmpty($Text)) { return $Text }
    Register-Names $Text
    $t = $ReLabelled.Replace($Text, $EvalLabelled)
    $t = $ReEmail.Replace($t, $EvalEmail)
    if ($script:Literals.Count -gt 0) { $t = (Get-LiteralRegex).Replace($t, $EvalLiteral) }
    $t = $ReUuid.Replace($t, $EvalUuid)
    $t = $ReMac.Replace($t, $EvalMac)
    $t = $ReIPv6.Replace($t, $EvalIPv6)
    $t = $ReIPv4.Replace($t, $EvalIPv4)
    return $t
}

function Register-ThisMachine {
    Add-HostName $env:COMPUTERNAME
    try { Add-HostName ([System.Net.Dns]::GetHostName()) } catch { }
    Add-UserName $env:USERNAME
    Add-UserName ([Environment]::UserName)
    if ($env:USERPROFILE) { Add-UserName (Split-Path -Path $env:USERPROFILE -Leaf) }
    Add-Domain $env:USERDOMAIN
    Add-Domain $env:USERDNSDOMAIN
}

# ------------------------------------------------------------------------------------------
# Running checks
# ------------------------------------------------------------------------------------------

function Test-IsAdmin {
    try {
        $identity = [Security.Principal.WindowsIdentity]::GetCurrent()
        $principal = New-Object Security.Principal.WindowsPrincipal -ArgumentList $identity
        return $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
    } catch {
        return $false
    }
}

function Find-Program([string]$Name) {
    # System directories first; the current directory never counts.
    $dirs = @($SysDir, (Join-Path $SysDir 'WindowsPowerShell\v1.0'))
    $dirs += @($env:PATH -split ';' | Where-Object { $_ -and $_ -ne '.' })
    if ($env:VBOX_MSI_INSTALL_PATH) { $dirs += $env:VBOX_MSI_INSTALL_PATH }
    if ($env:ProgramFiles) { $dirs += (Join-Path $env:ProgramFiles 'Oracle\VirtualBox') }
    foreach ($dir in $dirs) {
        try {
            $candidate = Join-Path $dir $Name
            if (Test-Path -LiteralPath $candidate -PathType Leaf) { return $candidate }
        } catch { }
    }
    return $null
}

function Join-Arguments([string[]]$Arguments) {
    # Windows command-line quoting (CommandLineToArgvW rules) for arguments with spaces.
    $quoted = foreach ($a in $Arguments) {
        if ($a -eq '' -or $a -match '[\s"]') {
            $escaped = ($a -replace '(\\*)"', '$1$1\"') -replace '(\\+)$', '$1$1'
            '"' + $escaped + '"'
        } else {
            $a
        }
    }
    return (@($quoted) -join ' ')
}

function Convert-Output([byte[]]$Bytes) {
    # wsl.exe writes UTF-16LE without a BOM unless WSL_UTF8=1 is honoured (newer WSL): a NUL in
    # every second byte gives it away. Console tools write the OEM code page.
    if ($null -eq $Bytes -or $Bytes.Length -eq 0) { return '' }
    if ($Bytes.Length -ge 2 -and $Bytes[0] -eq 0xFF -and $Bytes[1] -eq 0xFE) {
        $text = [System.Text.Encoding]::Unicode.GetString($Bytes, 2, $Bytes.Length - 2)
    } else {
        $sample = [Math]::Min($Bytes.Length, 4096)
        $zeros = 0
        for ($i = 1; $i -lt $sample; $i += 2) { if ($Bytes[$i] -eq 0) { $zeros++ } }
        if ($sample -ge 4 -and $zeros -ge [Math]::Floor($sample / 4)) {
            $text = [System.Text.Encoding]::Unicode.GetString($Bytes)
        } else {
            try {
                $strict = New-Object System.Text.UTF8Encoding -ArgumentList $false, $true
                $text = $strict.GetString($Bytes)
            } catch {
                $oem = [System.Text.Encoding]::GetEncoding([Globalization.CultureInfo]::CurrentCulture.TextInfo.OEMCodePage)
                $text = $oem.GetString($Bytes)
            }
        }
    }
    return $text.TrimStart([char]0xFEFF).Replace([string][char]0, '').Replace("`r`n", "`n")
}

function Stop-Tree([System.Diagnostics.Process]$Process) {
    try {
        $taskkill = Find-Program 'taskkill.exe'
        if ($taskkill) { & $taskkill /F /T /PID $Process.Id 2>&1 | Out-Null }
    } catch { }
    try { if (-not $Process.HasExited) { $Process.Kill() } } catch { }
}

function Invoke-Program([string]$Path, [string[]]$Arguments, [double]$Timeout) {
    $psi = New-Object System.Diagnostics.ProcessStartInfo
    $psi.FileName = $Path
    $psi.Arguments = Join-Arguments $Arguments
    $psi.UseShellExecute = $false
    $psi.CreateNoWindow = $true
    $psi.RedirectStandardInput = $true
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.EnvironmentVariables['WSL_UTF8'] = '1'
    $process = New-Object System.Diagnostics.Process
    $process.StartInfo = $psi
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    [void]$process.Start()
    $process.StandardInput.Close()
    $outBuffer = New-Object System.IO.MemoryStream
    $errBuffer = New-Object System.IO.MemoryStream
    $outTask = $process.StandardOutput.BaseStream.CopyToAsync($outBuffer)
    $errTask = $process.StandardError.BaseStream.CopyToAsync($errBuffer)
    $exited = $process.WaitForExit([int][Math]::Ceiling($Timeout * 1000))
    if (-not $exited) {
        Stop-Tree $process
        [void]$process.WaitForExit(2000)
    }
    try { [void][System.Threading.Tasks.Task]::WaitAll([System.Threading.Tasks.Task[]]@($outTask, $errTask), 2000) } catch { }
    $exitCode = $null
    if ($exited) { $exitCode = $process.ExitCode }
    return [pscustomobject]@{
        TimedOut   = (-not $exited)
        ExitCode   = $exitCode
        Stdout     = Convert-Output $outBuffer.ToArray()
        Stderr     = Convert-Output $errBuffer.ToArray()
        DurationMs = [int]$watch.ElapsedMilliseconds
    }
}

function Invoke-Check([hashtable]$Check) {
    $isScript = $Check.ContainsKey('Script')
    if ($isScript) {
        $scriptText = $Prelude + $Check.Script.Trim()
        $shown = @('powershell.exe', '-NoProfile', '-NonInteractive', '-Command', $scriptText)
    } else {
        $shown = @($Check.Command)
    }
    $section = [ordered]@{
        id          = $Check.Id
        kind        = $Check.Kind
        command     = $shown
        in_process  = $false
        needs_admin = [bool]$Check.Admin
        status      = 'skipped'
        reason      = $null
        exit_code   = $null
        duration_ms = 0
        stdout      = ''
        stderr      = ''
        truncated   = $false
    }
    if ($Check.Admin -and -not $IsAdmin) {
        $section.reason = 'needs administrator'
        return $section
    }
    $remaining = $ProbeBudget - $Clock.Elapsed.TotalSeconds
    if ($remaining -le 0) {
        $section.reason = 'probe time budget spent'
        return $section
    }
    $timeout = [Math]::Min($TimeoutSeconds, $remaining)
    try {
        if ($isScript) {
            $exe = Find-Program 'powershell.exe'
            $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($scriptText))
            $arguments = @('-NoLogo', '-NoProfile', '-NonInteractive', '-OutputFormat', 'Text', '-EncodedCommand', $encoded)
            $name = 'powershell.exe'
        } else {
            $name = $Check.Command[0]
            $exe = Find-Program $name
            $arguments = @($Check.Command | Select-Object -Skip 1)
        }
        if ($null -eq $exe) {
            $section.status = 'not-found'
            $section.reason = $name + ' not found'
            return $section
        }
        $result = Invoke-Program -Path $exe -Arguments $arguments -Timeout $timeout
        $section.duration_ms = $result.DurationMs
        $section.stdout = $result.Stdout
        $section.stderr = $result.Stderr
        if ($result.TimedOut) {
            $section.status = 'timeout'
            $section.reason = 'no answer within ' + $timeout + ' s'
        } elseif ($isScript -and $result.ExitCode -eq 127) {
            $section.status = 'not-found'
            $section.exit_code = [int]$result.ExitCode
            $lines = @($result.Stderr.Trim() -split "`n")
            $section.reason = $lines[-1]
            if (-not $section.reason) { $section.reason = 'absent' }
        } else {
            $section.status = 'ok'
            $section.exit_code = [int]$result.ExitCode
        }
    } catch {
        $section.status = 'error'
        $section.reason = 'could not run: ' + $_.Exception.GetType().Name
    }
    return $section
}

# ------------------------------------------------------------------------------------------
# Size limits
# ------------------------------------------------------------------------------------------

function Limit-Raw([string]$Text) {
    # Cut before redaction at a line end, dropping the partial last line.
    if ($Text.Length -le $RawCap) { return @($Text, $false) }
    $head = $Text.Substring(0, $RawCap)
    $cut = $head.LastIndexOf("`n")
    if ($cut -ge 0) { return @($head.Substring(0, $cut + 1), $true) }
    return @('', $true)
}

function Limit-Utf8([string]$Text, [int]$Limit) {
    $bytes = [System.Text.Encoding]::UTF8.GetBytes($Text)
    if ($bytes.Length -le $Limit) { return @($Text, $false) }
    if ($Limit -le 0) { return @('', $true) }
    $head = [System.Text.Encoding]::UTF8.GetString($bytes, 0, $Limit).TrimEnd([char]0xFFFD)
    $cut = $head.LastIndexOf("`n")
    if ($cut -gt ($head.Length / 2)) { $head = $head.Substring(0, $cut + 1) }
    return @($head, $true)
}

function Protect-Section($Section) {
    $rawOut = Limit-Raw $Section.stdout
    $rawErr = Limit-Raw $Section.stderr
    $capErr = Limit-Utf8 (Protect-Text ([string]$rawErr[0])) $StderrCap
    $errBytes = [System.Text.Encoding]::UTF8.GetByteCount([string]$capErr[0])
    $capOut = Limit-Utf8 (Protect-Text ([string]$rawOut[0])) ($SectionCap - $errBytes)
    $Section.stdout = [string]$capOut[0]
    $Section.stderr = [string]$capErr[0]
    $Section.truncated = [bool]($Section.truncated -or $rawOut[1] -or $rawErr[1] -or $capOut[1] -or $capErr[1])
    if ($Section.reason) {
        $reason = Protect-Text ([string]$Section.reason)
        if ($reason.Length -gt 500) { $reason = $reason.Substring(0, 500) }
        $Section.reason = $reason
    }
}

# ------------------------------------------------------------------------------------------
# Main
# ------------------------------------------------------------------------------------------

try {
    $Clock = [System.Diagnostics.Stopwatch]::StartNew()
    $IsAdmin = [bool](Test-IsAdmin)
    $created = [DateTime]::UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [Globalization.CultureInfo]::InvariantCulture)
    $Sections = New-Object System.Collections.ArrayList
    foreach ($check in $Checks) {
        [void]$Sections.Add((Invoke-Check $check))
    }

    Register-ThisMachine
    # Learn names from every output first, so a host name systeminfo reveals is also replaced
    # in the sections collected before it.
    foreach ($section in $Sections) {
        $rawOut = Limit-Raw $section.stdout
        $rawErr = Limit-Raw $section.stderr
        Register-Names ([string]$rawOut[0])
        Register-Names ([string]$rawErr[0])
    }
    foreach ($section in $Sections) { Protect-Section $section }

    $arch = $env:PROCESSOR_ARCHITECTURE
    if ($env:PROCESSOR_ARCHITEW6432) { $arch = $env:PROCESSOR_ARCHITEW6432 }
    $osRelease = Protect-Text ('Windows ' + [Environment]::OSVersion.Version.ToString())

    $report = [ordered]@{
        schema    = 'vmdoctor.report/1'
        probe     = [ordered]@{ name = 'vmdoctor-probe'; version = $ProbeVersion; runtime = 'powershell' }
        created   = $created
        host      = [ordered]@{ os = 'windows'; os_release = $osRelease; arch = [string]$arch; is_admin = $IsAdmin }
        sections  = $Sections.ToArray()
        redaction = [ordered]@{ applied = $true; counts = $script:Counts }
    }

    # Shrink the largest outputs until the report fits.
    for ($round = 0; $round -lt 200; $round++) {
        $json = ConvertTo-Json -InputObject $report -Depth 6
        if ($Utf8NoBom.GetByteCount($json) + 1 -le $ReportCap) { break }
        $biggest = $null
        $size = 0
        foreach ($section in $Sections) {
            foreach ($field in @('stdout', 'stderr')) {
                if ($section[$field].Length -gt $size) { $biggest = $section; $size = $section[$field].Length; $which = $field }
            }
        }
        if ($null -eq $biggest) { break }
        $biggest[$which] = [string](Limit-Utf8 $biggest[$which] ([int]($Utf8NoBom.GetByteCount($biggest[$which]) / 2)))[0]
        $biggest.truncated = $true
    }
    $text = $json + "`n"

    if ($DryRun) {
        try { [Console]::OutputEncoding = $Utf8NoBom } catch { }
        [Console]::Out.Write($text)
        [Console]::Out.Flush()
        [Console]::Error.WriteLine('vmdoctor-probe: dry run: nothing written (' + $Sections.Count + ' checks)')
    } else {
        if ([System.IO.Path]::IsPathRooted($Out)) { $path = $Out } else { $path = Join-Path (Get-Location).ProviderPath $Out }
        [System.IO.File]::WriteAllText($path, $text, $Utf8NoBom)
        [Console]::Error.WriteLine('vmdoctor-probe: wrote ' + $path + ' (' + $Sections.Count + ' checks)')
    }
    $skipped = @($Sections | Where-Object { $_.status -eq 'skipped' -and $_.needs_admin } | ForEach-Object { $_.id })
    if ($skipped.Count -gt 0) {
        [Console]::Error.WriteLine('vmdoctor-probe: skipped, need administrator: ' + ($skipped -join ', ') + '; run elevated to include them')
    }
    exit 0
} catch {
    # No message text: it could show private paths.
    [Console]::Error.WriteLine('vmdoctor-probe: internal error (' + $_.Exception.GetType().Name + ')')
    exit 1
}
