using GanLab.Cli;

// ganlab: the course's command line. The command tree is in GanLabCommandLine; each command lives in Commands/.
return GanLabCommandLine.Run(args);
